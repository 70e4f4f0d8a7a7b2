import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db';

const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
  query: async <T,>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> => {
    const r = await q.query<T>(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  },
});

/** Opens PGlite with its files in `dir` (or in memory for `memory://`). One process may open a directory. */
export async function openPglite(dir: string, schema: string): Promise<Db> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  await pg.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET search_path TO "${schema}";`);
  const base = wrap(pg);
  return {
    driver: 'pglite',
    query: base.query,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
