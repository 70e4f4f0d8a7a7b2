/** Exponential backoff with full jitter; an upstream Retry-After wins when it asks for longer. */
export function retryDelayMs(attempt: number, retryAfterSeconds?: number, baseMs = 1000, capMs = 60_000, random = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  const asked = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, asked);
}
