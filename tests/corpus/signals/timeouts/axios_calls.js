const axios = require('axios');

const api = axios.create({ baseURL: process.env.API, timeout: 3000 });

async function raw(u) {
  return axios.get(u);
}
