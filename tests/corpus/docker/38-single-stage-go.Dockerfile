FROM golang:1.22@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
WORKDIR /src
COPY . .
RUN go build -o /app .
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
