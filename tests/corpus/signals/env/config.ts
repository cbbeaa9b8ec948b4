export const config = {
  port: Number(process.env.PORT ?? 3000),
  redis: process.env["REDIS_URL"],
  env: process.env.NODE_ENV,
};
const { STRIPE_KEY, MAIL_FROM: from } = process.env;
