export const up = 1;
export function setup() {
  return up;
}
