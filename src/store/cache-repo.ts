import type { Db } from './db';

export type CacheTier = 'analysis' | 'full';

/** The two-tier course cache (design §5). Expired rows count as misses and are deleted on read. */
export class CacheRepo {
  constructor(private readonly db: Db) {}

  async get<T>(tier: CacheTier, key: string): Promise<T | null> {
    const r = await this.db.query<{ results: T; expired: boolean }>(
      'SELECT results, expires_at <= now() AS expired FROM course_cache WHERE cache_key = $1 AND cache_type = $2',
      [key, tier],
    );
    const row = r.rows[0];
    if (!row) return null;
    if (row.expired) {
      await this.db.query('DELETE FROM course_cache WHERE cache_key = $1 AND expires_at <= now()', [key]);
      return null;
    }
    return row.results;
  }

  async put(tier: CacheTier, key: string, configHash: string, inputs: unknown, results: unknown, ttlDays: number): Promise<void> {
    await this.db.query(
      `INSERT INTO course_cache (cache_key, cache_type, config_hash, inputs, results, cached_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, now(), now() + make_interval(secs => $6))
       ON CONFLICT (cache_key) DO UPDATE SET results = EXCLUDED.results, inputs = EXCLUDED.inputs,
         config_hash = EXCLUDED.config_hash, cached_at = EXCLUDED.cached_at, expires_at = EXCLUDED.expires_at`,
      [key, tier, configHash, JSON.stringify(inputs), JSON.stringify(results), ttlDays * 86_400],
    );
  }

  /** Deletes expired cache rows and uploads; returns how many of each went. */
  async sweep(): Promise<{ cache: number; uploads: number }> {
    const c = await this.db.query('DELETE FROM course_cache WHERE expires_at <= now()');
    const u = await this.db.query('DELETE FROM uploads WHERE expires_at <= now()');
    return { cache: c.rowCount, uploads: u.rowCount };
  }
}
