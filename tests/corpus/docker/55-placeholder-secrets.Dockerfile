FROM postgres:16@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
ENV POSTGRES_PASSWORD=changeme POSTGRES_USER=app
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
