import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/store/pglite-driver';
import { migrate } from '../../src/store/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/** Runs PGlite's initdb and the migrations once; each test file copies this directory. */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(path.join(tmpdir(), 'ss-pglite-template-'));
  const dir = path.join(root, 'pglite');
  const db = await openPglite(dir, 'public');
  await migrate(db);
  await db.close();
  project.provide('pgliteTemplate', dir);
  return () => rmSync(root, { recursive: true, force: true });
}
