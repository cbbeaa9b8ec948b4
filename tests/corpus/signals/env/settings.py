import os

DATABASE_URL = os.environ["DATABASE_URL"]
SENTRY_DSN = os.getenv("SENTRY_DSN")
SECRET_KEY = os.environ.get("SECRET_KEY")
