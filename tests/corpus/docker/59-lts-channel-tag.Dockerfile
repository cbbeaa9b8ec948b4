FROM node:lts-alpine3.19
COPY app /app
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
