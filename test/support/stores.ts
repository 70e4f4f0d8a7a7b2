import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { openPglite } from '../../src/store/pglite-driver';
import { openPostgres } from '../../src/store/postgres-driver';
import { storeOn, type Store } from '../../src/store/open';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestStore {
  store: Store;
  /** For PGlite: the data directory; for PostgreSQL: the schema. */
  where: string;
  cleanup(): Promise<void>;
}

/** A PGlite store in a private copy of the migrated template directory. */
export async function pgliteTestStore(): Promise<TestStore> {
  const root = mkdtempSync(path.join(tmpdir(), 'ss-pglite-'));
  const dir = path.join(root, 'pglite');
  cpSync(inject('pgliteTemplate'), dir, { recursive: true });
  const store = await storeOn(await openPglite(dir, 'public'));
  return {
    store,
    where: dir,
    async cleanup() {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const uniqueSchema = (): string => `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

/** A PostgreSQL store in its own schema, dropped afterwards. */
export async function postgresTestStore(schema = uniqueSchema()): Promise<TestStore> {
  const store = await storeOn(await openPostgres(TEST_DATABASE_URL, schema, 5));
  return {
    store,
    where: schema,
    async cleanup() {
      await store.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
    },
  };
}

export const DRIVERS = [
  ['pglite', pgliteTestStore],
  ['postgres', () => postgresTestStore()],
] as const;
