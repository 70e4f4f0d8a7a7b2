import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  port: number | null;
  started_at: string;
}

export type LockResult = { acquired: true; release: () => void } | { acquired: false; holder: LockInfo };

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * An exclusive lock on DATA_DIR, because PGlite must never be opened by two processes. The lock file names
 * its holder; a lock left by a process that died (even by kill -9) is taken over.
 */
export function lockDataDir(dataDir: string, port: number | null): LockResult {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'scholarsource.lock');
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(file, 'wx');
      const info: LockInfo = { pid: process.pid, port, started_at: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        try {
          if (readHolder(file)?.pid === process.pid) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { acquired: true, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && alive(holder.pid)) return { acquired: false, holder };
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        /* another process removed it first */
      }
    }
  }
  const holder = readHolder(file);
  return { acquired: false, holder: holder ?? { pid: 0, port: null, started_at: '' } };
}

export function readHolder(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

export const lockFile = (dataDir: string): string => path.join(dataDir, 'scholarsource.lock');
