FROM debian:12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
RUN curl -fsSLo /tmp/i.sh https://example.test/i.sh \
 && echo "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  /tmp/i.sh" | sha256sum -c - \
 && sh /tmp/i.sh
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
