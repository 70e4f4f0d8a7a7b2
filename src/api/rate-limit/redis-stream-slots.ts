import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log/logger';
import { withTimeout } from '../../queue/redis-connections';
import type { StreamLease, StreamSlots } from './stream-slots';

/**
 * One sorted set per client: a member per open stream, scored with the time its lease runs out. Expired
 * members (an API instance that died with streams open) are dropped before counting, so a crash frees its
 * slots within one lease. KEYS: the client's set. ARGV: member, limit, lease ms. Returns 1 when taken.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return 1`;

/** Pushes the leases of this instance's open streams forward, and puts back any that a flushed or restarted Redis lost. ARGV: lease ms, then member per key. */
const RENEW = `
local t = redis.call('TIME')
local until_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], until_ms, ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], ARGV[1])
end
return #KEYS`;

export interface RedisStreamSlotsOptions {
  namespace: string;
  timeoutMs: number;
  log: Logger;
  /** How long a slot outlives the instance that holds it; leases are renewed at a third of this. */
  leaseMs?: number;
}

/**
 * The per-client limit of open event streams, shared by every API instance. When Redis cannot answer,
 * a stream is let through (it is a read, and reads fail open) and counts nowhere.
 */
export class RedisStreamSlots implements StreamSlots {
  private readonly held = new Map<string, string>();
  private readonly leaseMs: number;
  private readonly renewer: NodeJS.Timeout;
  private warnedAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly opts: RedisStreamSlotsOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.renewer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewer.unref();
  }

  async acquire(client: string, limit: number): Promise<StreamLease | null> {
    const key = `ss:${this.opts.namespace}:streams:${client}`;
    const member = randomBytes(9).toString('hex');
    let taken: unknown;
    try {
      taken = await withTimeout(this.redis.eval(ACQUIRE, 1, key, member, String(limit), String(this.leaseMs)), this.opts.timeoutMs, 'stream slots');
    } catch (err) {
      this.warn(err);
      return { release: () => undefined };
    }
    if (Number(taken) !== 1) return null;
    this.held.set(member, key);
    return {
      release: () => {
        if (!this.held.delete(member)) return;
        this.redis.zrem(key, member).catch((err: unknown) => this.warn(err));
      },
    };
  }

  close(): void {
    clearInterval(this.renewer);
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    const members = [...this.held.keys()];
    const keys = members.map((m) => this.held.get(m) ?? '');
    try {
      await this.redis.eval(RENEW, keys.length, ...keys, String(this.leaseMs), ...members);
    } catch (err) {
      this.warn(err);
    }
  }

  private warn(err: unknown): void {
    if (Date.now() - this.warnedAt < 10_000) return;
    this.warnedAt = Date.now();
    this.opts.log.warn({ err: (err as Error).message }, 'event stream slots cannot reach Redis');
  }
}
