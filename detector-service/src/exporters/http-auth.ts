/** Authorization headers for an HTTP export target: bearer token or basic credentials. */
export function authHeaders(auth: {
  bearerToken?: string;
  basic?: { username: string; password: string };
}): Record<string, string> {
  if (auth.bearerToken) return { authorization: `Bearer ${auth.bearerToken}` };
  if (auth.basic) {
    const encoded = Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64');
    return { authorization: `Basic ${encoded}` };
  }
  return {};
}
