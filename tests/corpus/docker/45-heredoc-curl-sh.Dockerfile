# syntax=docker/dockerfile:1
FROM debian:12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN <<EOF
curl -fsSL https://get.example.test | sh
EOF
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
