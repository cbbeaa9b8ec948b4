FROM golang:1.22@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1 AS build
RUN CGO_ENABLED=0 go build -o /app .
FROM scratch
COPY --from=build /app /app
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
