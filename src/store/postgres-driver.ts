import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db';

const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
  query: async <T,>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> => {
    const r = await c.query(sql, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  },
});

/** A pooled PostgreSQL connection; every connection uses `schema` as its search path. */
export async function openPostgres(url: string, schema: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // A frozen process (SIGSTOP, a long GC pause) must not hold row locks for ever: its open transaction
    // is ended after 10 s, so another worker can take its job over.
    options: `-c search_path="${schema}" -c idle_in_transaction_session_timeout=10000`,
    connectionTimeoutMillis: 5000,
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const base = wrap(pool);
  return {
    driver: 'postgres',
    query: base.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
