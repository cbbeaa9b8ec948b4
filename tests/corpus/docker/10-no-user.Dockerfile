FROM python:3.12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
COPY . /app
HEALTHCHECK CMD ["python", "/app/health.py"]
CMD ["python", "/app/main.py"]
