FROM gcr.io/distroless/base-debian12:nonroot@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
COPY app /app
HEALTHCHECK CMD ["/app", "healthcheck"]
ENTRYPOINT ["/app"]
