import path from 'node:path';
import type { Config } from '../config/config';
import type { Db } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite-driver';
import { openPostgres } from './postgres-driver';
import { CacheRepo } from './cache-repo';
import { JobsRepo } from './jobs-repo';
import { UploadsRepo } from './uploads-repo';
import { CatalogImportsRepo } from './catalog-imports-repo';

export interface Store {
  db: Db;
  jobs: JobsRepo;
  cache: CacheRepo;
  uploads: UploadsRepo;
  catalogImports: CatalogImportsRepo;
  close(): Promise<void>;
}

export const pgliteDir = (config: Pick<Config, 'dataDir'>): string => path.join(config.dataDir, 'pglite');

/** Opens the configured database, applies migrations and returns the repositories. */
export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE' | 'dataDir'>): Promise<Store> {
  const db = config.DATABASE_URL
    ? await openPostgres(config.DATABASE_URL, config.DATABASE_SCHEMA, config.DATABASE_POOL_SIZE)
    : await openPglite(pgliteDir(config), config.DATABASE_SCHEMA);
  return storeOn(db);
}

export async function storeOn(db: Db): Promise<Store> {
  await migrate(db);
  return {
    db,
    jobs: new JobsRepo(db),
    cache: new CacheRepo(db),
    uploads: new UploadsRepo(db),
    catalogImports: new CatalogImportsRepo(db),
    close: () => db.close(),
  };
}
