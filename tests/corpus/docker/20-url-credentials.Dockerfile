FROM python:3.12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
ENV PIP_INDEX_URL=https://deploy:Qm7zXc2vLp9tRw@pypi.internal.test/simple
COPY app /app
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
