import fetch from "@server/utils/fetch";

export const get = (u: string) => fetch(u);
