import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Catalog, type CatalogImportSource } from '../src/pipeline/catalog/catalog';
import { detectFormat, parseCatalogFile } from '../src/pipeline/catalog/import';
import { createGuardedFetcher } from '../src/pipeline/fetch/guarded-fetch';
import { createOfflinePipeline } from '../src/pipeline/offline-pipeline';
import type { PipelineInput } from '../src/pipeline/pipeline';
import { FIXTURES, courseFixtures, textbookFixtures } from '../test/support/fixtures';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/** Every fixture as a pipeline input: textbooks by title + author, courses by their syllabus text. */
export function fixtureInputs(): { name: string; inputs: PipelineInput['inputs'] }[] {
  const books = textbookFixtures().map((b) => ({ name: b.title, inputs: { book_title: b.title, book_author: b.authors[0] } }));
  const courses = courseFixtures().map((c) => ({
    name: `${c.course_number} syllabus`,
    inputs: { syllabus_text: readFileSync(path.join(FIXTURES, 'courses', c.slug, 'syllabus.md'), 'utf8').slice(0, 50_000) },
  }));
  return [...books, ...courses, { name: 'topics', inputs: { topics_list: 'supply and demand, elasticity, monopoly' } }];
}

/** Imports held in memory, as the store would hand them to the catalog. */
function memoryImports(): CatalogImportSource {
  const dir = path.join(FIXTURES, 'catalog-sources');
  const all = readdirSync(dir)
    .filter((f) => f !== 'SOURCES.md')
    .sort()
    .map((f) => {
      const content = readFileSync(path.join(dir, f), 'utf8');
      const r = parseCatalogFile(content, { format: detectFormat(f, content), origin: f });
      return { record: { sha256: createHash('sha256').update(content).digest('hex'), id: randomUUID() }, entries: r.entries };
    });
  return { fingerprints: () => Promise.resolve(all.map((a) => a.record.sha256)), all: () => Promise.resolve(all) };
}

async function measure(catalog: Catalog, rounds: number) {
  const pipeline = createOfflinePipeline({ catalog, fetchPage: createGuardedFetcher({}), discoveryConcurrency: 8, defaultMaxResults: 6 });
  const ctx = () => ({ signal: new AbortController().signal, onProgress: () => undefined, cachedProfile: null, onProfile: () => Promise.resolve() });
  const inputs = fixtureInputs();
  await pipeline.run({ inputs: inputs[0]!.inputs, upload: null }, ctx()); // warm the index
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const i of inputs) {
      const t0 = performance.now();
      await pipeline.run({ inputs: i.inputs, upload: null }, ctx());
      times.push(performance.now() - t0);
    }
  }
  return { jobs: times.length, p50_ms: +quantile(times, 0.5).toFixed(1), p95_ms: +quantile(times, 0.95).toFixed(1), max_ms: +Math.max(...times).toFixed(1) };
}

const heapMb = (): number => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

export async function benchPipeline(rounds: number): Promise<Record<string, unknown>> {
  const h0 = heapMb();
  const builtin = new Catalog(null);
  const snapB = await builtin.current();
  const h1 = heapMb();
  const withImports = new Catalog(memoryImports());
  const snapI = await withImports.current();
  const h2 = heapMb();
  return {
    builtin: { entries: snapB.entries.length, index_heap_mb: +(h1 - h0).toFixed(1), ...(await measure(builtin, rounds)) },
    all_imports: { entries: snapI.entries.length, index_heap_mb: +(h2 - h1).toFixed(1), ...(await measure(withImports, rounds)) },
    note: globalThis.gc ? 'heap measured after forced GC' : 'run with --expose-gc for exact heap figures',
  };
}
