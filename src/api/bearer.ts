import { createHash, timingSafeEqual } from 'node:crypto';

/** True when an Authorization header is `Bearer <token>`; compared in constant time. No token set: false. */
export function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token) return false;
  const digest = (v: string): Buffer => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
}
