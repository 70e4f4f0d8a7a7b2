import type { Redis } from 'ioredis';

// Take the lock when free, or extend it when we already hold it; never take it from another holder.
const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A lease in Redis that at most one process holds at a time; it expires if its holder stops renewing it,
 * so a killed holder is replaced after ttlMs. Used to elect the one process that runs the reconciler.
 */
export class RedisLease {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  /** True when this process holds the lease for the next ttlMs. */
  async acquire(): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE, 1, this.key, this.owner, String(this.ttlMs))) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.owner);
  }
}
