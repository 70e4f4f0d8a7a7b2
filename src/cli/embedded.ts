import type { Config } from '../config/config';
import { lockDataDir, type LockInfo } from '../app/data-dir-lock';

export type Ownership = { kind: 'owned'; release: () => void } | { kind: 'server'; holder: LockInfo } | { kind: 'shared' };

/**
 * In embedded mode one process owns DATA_DIR (PGlite must never be opened twice). With a PostgreSQL server
 * there is nothing to lock.
 */
export function claimDataDir(config: Config, port: number | null): Ownership {
  if (config.mode !== 'embedded') return { kind: 'shared' };
  const lock = lockDataDir(config.dataDir, port);
  return lock.acquired ? { kind: 'owned', release: lock.release } : { kind: 'server', holder: lock.holder };
}

export const busyMessage = (config: Config, h: LockInfo): string =>
  `The data directory ${config.dataDir} is in use by another ScholarSource process (pid ${h.pid}${h.port ? `, serving port ${h.port}` : ''}). ` +
  'Embedded mode keeps its database there and only one process may open it. Stop that process, or set DATA_DIR to another folder.';
