FROM node:20@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1 AS node
RUN npm ci
FROM node
USER node
HEALTHCHECK CMD ["node", "h.js"]
CMD ["node", "s.js"]
