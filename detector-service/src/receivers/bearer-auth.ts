import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks an `Authorization` header value against the configured bearer token in constant time
 * (both sides hashed to equal length first, so neither the token nor its length leaks through
 * timing). The token itself is never logged.
 */
export function bearerTokenChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  return (authorization) => {
    if (authorization === undefined) return false;
    const given = createHash('sha256').update(authorization.trim()).digest();
    return timingSafeEqual(given, expected);
  };
}
