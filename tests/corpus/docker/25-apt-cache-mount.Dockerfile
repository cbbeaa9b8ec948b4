# syntax=docker/dockerfile:1
FROM debian:12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
