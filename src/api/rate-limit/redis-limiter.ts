import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log/logger';
import { withTimeout } from '../../queue/redis-connections';
import { ApiError } from '../errors';
import { describeRule, type RateDecision, type RateLimiter, type RateRule } from './limiter';

/**
 * The sliding log of MemoryRateLimiter, kept in Redis sorted sets and decided in one script, so every
 * API instance shares exact counts: a hit is allowed when every rule has room, and only allowed hits count.
 * The clock is Redis's own (TIME), so instances with skewed clocks still agree.
 * KEYS: one log per rule. ARGV: member, rule count, then limit and window (ms) per rule.
 * Returns {allowed 0|1, retry ms, index of the blocking rule}.
 */
const HIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[2])
local retry, blocked = 0, 0
for i = 1, n do
  local limit = tonumber(ARGV[1 + 2 * i])
  local win = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - win)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    local r = tonumber(oldest[2]) + win - now
    if blocked == 0 or r > retry then retry, blocked = r, i end
  end
end
if blocked > 0 then return {0, retry, blocked} end
for i = 1, n do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2 + 2 * i])
end
return {1, 0, 0}`;

export interface RedisRateLimiterOptions {
  namespace: string;
  /** Buckets that let requests through while Redis is unreachable (reads); the others answer 503. */
  failOpen: readonly string[];
  timeoutMs: number;
  log: Logger;
}

export class RedisRateLimiter implements RateLimiter {
  private readonly failOpen: Set<string>;
  private warnedAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly opts: RedisRateLimiterOptions,
  ) {
    this.failOpen = new Set(opts.failOpen);
  }

  async hit(bucket: string, key: string, rules: readonly RateRule[]): Promise<RateDecision> {
    const active = rules.filter((r) => r.limit > 0);
    if (active.length === 0) return { allowed: true, retryAfterSeconds: 0, rule: null };
    const keys = active.map((r) => `ss:${this.opts.namespace}:rl:${bucket}:${key}:${r.windowSeconds}`);
    const args = active.flatMap((r) => [String(r.limit), String(r.windowSeconds * 1000)]);
    const member = `${Date.now()}:${randomBytes(6).toString('hex')}`;
    let reply: unknown;
    try {
      reply = await withTimeout(this.redis.eval(HIT, keys.length, ...keys, member, String(active.length), ...args), this.opts.timeoutMs, 'rate limiter');
    } catch (err) {
      return this.unavailable(bucket, err);
    }
    const [allowed, retryMs, blocked] = (reply as number[]).map(Number) as [number, number, number];
    if (allowed === 1) return { allowed: true, retryAfterSeconds: 0, rule: null };
    const rule = active[blocked - 1];
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)), rule: rule ? describeRule(rule) : null };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Reads stay available without Redis; writes are refused, since unlimited submits could flood the workers. */
  private unavailable(bucket: string, err: unknown): RateDecision {
    if (Date.now() - this.warnedAt > 10_000) {
      this.warnedAt = Date.now();
      this.opts.log.warn({ bucket, err: (err as Error).message }, 'rate limiter cannot reach Redis');
    }
    if (this.failOpen.has(bucket)) return { allowed: true, retryAfterSeconds: 0, rule: null };
    throw new ApiError(503, 'service_unavailable', 'The service is briefly unable to take new requests. Please try again in a few seconds.', undefined, {
      'retry-after': '5',
    });
  }
}
