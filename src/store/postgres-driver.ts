import pg from 'pg';
import { StoreUnavailableError, type Db, type Queryable, type QueryResult } from './db';

/**
 * A failure that says nothing about the query: the connection was refused, reset or timed out, or the
 * server is shutting down or starting (SQLSTATE classes 08 and 57P). Those become StoreUnavailableError;
 * errors of the query itself (constraint, syntax, …) pass through unchanged.
 */
function classify(e: unknown): Error {
  if (e instanceof pg.DatabaseError) return e.code?.startsWith('08') || e.code?.startsWith('57P') ? new StoreUnavailableError(e) : e;
  if (e instanceof TypeError || e instanceof RangeError || e instanceof StoreUnavailableError) return e;
  return new StoreUnavailableError(e);
}

const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
  query: async <T,>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> => {
    try {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    } catch (e) {
      throw classify(e);
    }
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
      const client = await pool.connect().catch((e: unknown) => Promise.reject(classify(e)));
      // A checked-out client whose connection drops emits 'error'; unheard, that would end the process.
      let broken: Error | null = null;
      const onError = (e: Error): void => {
        broken = e;
      };
      client.on('error', onError);
      const tx = wrap(client);
      try {
        await tx.query('BEGIN');
        const out = await fn(tx);
        await tx.query('COMMIT');
        return out;
      } catch (e) {
        if (!broken) await client.query('ROLLBACK').catch((r: Error) => (broken = r));
        // Queries in fn were classified by wrap(); anything else fn threw is its own and passes unchanged.
        throw e;
      } finally {
        client.off('error', onError);
        // A broken client is destroyed rather than returned to the pool.
        client.release(broken ?? undefined);
      }
    },
    close: () => pool.end(),
  };
}
