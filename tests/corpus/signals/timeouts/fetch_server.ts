export async function a(u: string) {
  return fetch(u, { signal: AbortSignal.timeout(5000) });
}

export async function b(u: string) {
  return fetch(u);
}
