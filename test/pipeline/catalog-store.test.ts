import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/pipeline/catalog/catalog';
import { detectFormat, parseCatalogFile } from '../../src/pipeline/catalog/import';
import { createGuardedFetcher } from '../../src/pipeline/fetch/guarded-fetch';
import { createOfflinePipeline } from '../../src/pipeline/offline-pipeline';
import { FIXTURES } from '../support/fixtures';
import { pgliteTestStore, type TestStore } from '../support/stores';

const SOURCES = path.join(FIXTURES, 'catalog-sources');

describe('catalog imports are durable, shared and versioned', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await pgliteTestStore();
  });
  afterAll(async () => t.cleanup());

  it('an import changes the catalog version, and another worker sees the same catalog', async () => {
    const workerA = new Catalog(t.store.catalogImports);
    const before = await workerA.version();
    const pipeline = createOfflinePipeline({ catalog: workerA, fetchPage: createGuardedFetcher({}), discoveryConcurrency: 4, defaultMaxResults: 6 });
    const hashBefore = await pipeline.configHash();
    const sizeBefore = (await workerA.current()).entries.length;

    for (const file of readdirSync(SOURCES).filter((f) => !f.endsWith('SOURCES.md')).sort()) {
      const content = readFileSync(path.join(SOURCES, file), 'utf8');
      const format = detectFormat(file, content);
      const report = parseCatalogFile(content, { format, origin: file });
      expect(report.accepted, file).toBeGreaterThan(100);
      const sha256 = createHash('sha256').update(content).digest('hex');
      expect(await t.store.catalogImports.insert({ id: randomUUID(), origin: file, format, sha256, entry_count: report.entries.length }, report.entries)).toBe(true);
      // Importing the same file twice changes nothing.
      expect(await t.store.catalogImports.insert({ id: randomUUID(), origin: file, format, sha256, entry_count: report.entries.length }, report.entries)).toBe(false);
    }
    const after = await workerA.version();
    expect(after).not.toBe(before);
    expect(await pipeline.configHash()).not.toBe(hashBefore);
    const snapA = await workerA.current();
    expect(snapA.entries.length).toBeGreaterThan(sizeBefore + 5000);

    const workerB = new Catalog(t.store.catalogImports);
    const snapB = await workerB.current();
    expect(snapB.version).toBe(snapA.version);
    expect(snapB.entries.map((e) => e.id)).toEqual(snapA.entries.map((e) => e.id));

    // With every list imported, a textbook search still stays on its discipline.
    const out = await pipeline.run(
      { inputs: { book_title: 'Introductory Statistics 2e', book_author: 'Barbara Illowsky' }, upload: null },
      { signal: new AbortController().signal, onProgress: () => undefined, cachedProfile: null, onProfile: () => Promise.resolve() },
    );
    expect(out.results.length).toBeGreaterThanOrEqual(5);
    for (const r of out.results) {
      const e = snapA.byUrl.get(r.url.replace(/\/$/, '')) ?? snapA.entries.find((x) => x.url === r.url);
      expect(e?.subjects.some((s) => s === 'statistics'), `${r.title}: ${e?.subjects.join(',')}`).toBe(true);
    }
  }, 120_000);
});
