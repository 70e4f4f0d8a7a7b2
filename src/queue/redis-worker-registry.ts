import type { Redis } from 'ioredis';
import type { WorkerInfo } from '../api/deps';

/** What a worker announces: its public info plus the ids of the jobs it holds (never shown to clients). */
export interface WorkerBeat extends WorkerInfo {
  jobs: string[];
}

/**
 * Worker heartbeats: one key per worker that expires unless renewed, plus an index set to list them
 * without scanning the keyspace. A worker that stops beating (killed, frozen, cut off) drops out after the TTL.
 */
export class RedisWorkerRegistry {
  private readonly index: string;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    namespace: string,
    private readonly ttlSeconds: number,
  ) {
    this.index = `ss:${namespace}:workers`;
    this.prefix = `ss:${namespace}:worker:`;
  }

  async beat(b: WorkerBeat): Promise<void> {
    await this.redis.multi().set(this.prefix + b.id, JSON.stringify(b), 'EX', this.ttlSeconds).sadd(this.index, b.id).exec();
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().del(this.prefix + id).srem(this.index, id).exec();
  }

  /** Live workers, with the jobs each holds. Index entries whose heartbeat expired are pruned. */
  async beats(): Promise<WorkerBeat[]> {
    const ids = await this.redis.smembers(this.index);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.prefix + id));
    const live: WorkerBeat[] = [];
    const dead: string[] = [];
    values.forEach((v, i) => {
      if (v) live.push(JSON.parse(v) as WorkerBeat);
      else dead.push(ids[i] as string);
    });
    if (dead.length) await this.redis.srem(this.index, ...dead).catch(() => undefined);
    return live.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Live workers as the API shows them: job ids are access tokens, so they are left out. */
  async list(): Promise<WorkerInfo[]> {
    return (await this.beats()).map(({ jobs: _jobs, ...info }) => info);
  }
}
