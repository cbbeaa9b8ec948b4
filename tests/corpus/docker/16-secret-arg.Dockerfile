FROM node:20-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
ARG NPM_TOKEN=npm_Zx81kQmL0pVt7sRrWq2
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
USER 10001
HEALTHCHECK CMD ["/app", "healthcheck"]
CMD ["/app"]
