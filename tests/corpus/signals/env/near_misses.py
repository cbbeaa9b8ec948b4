import os

# os.getenv("COMMENTED_OUT")
name = os.getenv(variable_name)
os.environ["OMP_THREAD_LIMIT"] = "1"
DOCS = "set SOME_VAR in your shell"
