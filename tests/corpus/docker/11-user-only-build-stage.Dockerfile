FROM node:20@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1 AS build
USER node
RUN npm ci && npm run build
FROM node:20-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
COPY --from=build /app/dist /app
HEALTHCHECK CMD ["node", "/app/health.js"]
CMD ["node", "/app/server.js"]
