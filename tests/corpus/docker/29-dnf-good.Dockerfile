FROM fedora:40@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
RUN dnf install -y nginx-1.24.0 && dnf clean all
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
