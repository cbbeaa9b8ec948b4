FROM python:slim
COPY app /app
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
