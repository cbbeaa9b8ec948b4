FROM ubuntu:22.04@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
RUN apt-get update && apt-get -y upgrade && apt-get install -y --no-install-recommends curl=7.81.0-1 && rm -rf /var/lib/apt/lists/*
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
