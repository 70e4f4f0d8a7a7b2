/** One limit: at most `limit` hits per `windowSeconds`. A limit of 0 means unlimited. */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the blocking rule frees a slot (when not allowed). */
  retryAfterSeconds: number;
  /** The blocking rule in words, e.g. "2 per minute". */
  rule: string | null;
}

/**
 * Counts hits per client key. In-memory here; the Redis version (shared by every API instance)
 * implements the same interface.
 */
export interface RateLimiter {
  hit(bucket: string, key: string, rules: readonly RateRule[]): Promise<RateDecision>;
  close(): Promise<void>;
}

export const describeRule = (r: RateRule): string => {
  const w = r.windowSeconds;
  const unit = w === 60 ? 'minute' : w === 3600 ? 'hour' : w === 86_400 ? 'day' : `${w} seconds`;
  return `${r.limit} per ${unit}`;
};
