FROM node:20-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
COPY . /app
USER node
HEALTHCHECK CMD ["node", "/app/health.js"]
CMD node /app/server.js
