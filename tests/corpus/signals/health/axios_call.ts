import axios from 'axios';

export async function waitReady(base: string) {
  return axios.get('/healthz', { baseURL: base, timeout: 1000 });
}
