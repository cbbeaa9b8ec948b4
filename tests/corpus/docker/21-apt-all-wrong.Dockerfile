FROM debian:12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
RUN apt-get update && apt-get install -y curl
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
