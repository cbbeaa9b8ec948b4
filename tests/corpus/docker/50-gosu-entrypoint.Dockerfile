FROM debian:12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
RUN apt-get update && apt-get install -y --no-install-recommends gosu=1.14-1+b10 && rm -rf /var/lib/apt/lists/*
COPY entrypoint.sh /entrypoint.sh
HEALTHCHECK CMD ["/app", "healthcheck"]
ENTRYPOINT ["/entrypoint.sh"]
