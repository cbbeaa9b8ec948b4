FROM debian:12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
RUN useradd app
USER app
RUN echo hi
USER root
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
