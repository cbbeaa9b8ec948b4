import Fastify from 'fastify';
const app = Fastify();
app.route({ method: 'GET', url: '/healthz', handler: async () => ({ ok: true }) });
