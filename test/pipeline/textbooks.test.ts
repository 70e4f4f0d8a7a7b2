import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/pipeline/catalog/catalog';
import { normalizeUrl } from '../../src/pipeline/cache-keys';
import { createGuardedFetcher } from '../../src/pipeline/fetch/guarded-fetch';
import { createOfflinePipeline } from '../../src/pipeline/offline-pipeline';
import type { PipelineInput, PipelineOutput } from '../../src/pipeline/pipeline';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { courseFixtures, FIXTURES, textbookFixtures } from '../support/fixtures';

/** The discipline each book belongs to, decided by us, not by the engine. */
const DISCIPLINE: Record<string, string[]> = {
  'biology-2e': ['biology'],
  'calculus-volume-1': ['calculus'],
  'calculus-volume-2': ['calculus'],
  'chemistry-2e': ['chemistry'],
  'introduction-python-programming': ['programming', 'computer-science'],
  'introductory-statistics-2e': ['statistics'],
  'principles-economics-3e': ['economics'],
  'psychology-2e': ['psychology'],
  'university-physics-volume-1': ['physics'],
};

const catalog = new Catalog(null);
const pipeline = createOfflinePipeline({ catalog, fetchPage: createGuardedFetcher({}), discoveryConcurrency: 8, defaultMaxResults: 6 });
const run = (inputs: PipelineInput['inputs']): Promise<PipelineOutput> =>
  pipeline.run({ inputs, upload: null }, { signal: new AbortController().signal, onProgress: () => undefined, cachedProfile: null, onProfile: () => Promise.resolve() });

describe.each(textbookFixtures())('textbook $title by its title and first author', (book) => {
  it('gives 5 to 7 on-discipline, licensed results that cover at least half its chapters', async () => {
    const out = await run({ book_title: book.title, book_author: book.authors[0] });
    const snap = await catalog.current();
    const chapters = book.chapters.map((c) => c.title);
    expect(out.results.length).toBeGreaterThanOrEqual(5);
    expect(out.results.length).toBeLessThanOrEqual(7);
    const wanted = DISCIPLINE[book.slug] ?? [];
    for (const r of out.results) {
      const entry = snap.byUrl.get(normalizeUrl(r.url));
      expect(entry, r.url).toBeDefined();
      expect(entry?.subjects.some((s) => wanted.includes(s)), `${r.title} is ${entry?.subjects.join(',')}`).toBe(true);
      expect(r.license).toBeTruthy();
      expect(r.license_source).toBeTruthy();
      expect(['pdf', 'webpage', 'youtube', 'not_compatible']).toContain(r.notebooklm_format);
      for (const t of r.coverage_topics) expect(chapters, `${r.title} claims "${t}"`).toContain(t);
      expect(r.rationale.length).toBeGreaterThan(20);
    }
    const covered = new Set(out.results.flatMap((r) => r.coverage_topics));
    expect(covered.size).toBeGreaterThanOrEqual(Math.ceil(chapters.length / 2));
    expect(out.metadata.chapters).toEqual(chapters);
    expect(out.metadata.textbook_info.title).toBe(book.title);
  });

  it('gives byte-identical results and report on three runs', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => run({ book_title: book.title, book_author: book.authors[0] })));
    const [a, b, c] = runs.map((r) => JSON.stringify({ results: r.results, raw: r.raw_output }));
    expect(b).toBe(a);
    expect(c).toBe(a);
  });
});

describe.each(courseFixtures())('course $course_number by its syllabus text', (course) => {
  it('gives byte-identical results and report on three runs', async () => {
    const syllabus_text = readFileSync(path.join(FIXTURES, 'courses', course.slug, 'syllabus.md'), 'utf8').slice(0, 50_000);
    const runs = await Promise.all([1, 2, 3].map(() => run({ syllabus_text })));
    const [a, b, c] = runs.map((r) => JSON.stringify({ results: r.results, raw: r.raw_output }));
    expect(runs[0]?.results.length).toBeGreaterThanOrEqual(5);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });
});

describe('other inputs', () => {
  it('a topics-only search gives on-subject results that cover the topics', async () => {
    const out = await run({ topics_list: 'supply and demand, elasticity, monopoly, inflation' });
    expect(out.metadata.subjects).toContain('economics');
    expect(out.results.length).toBeGreaterThanOrEqual(5);
    const covered = new Set(out.results.flatMap((r) => r.coverage_topics));
    expect(covered.size).toBeGreaterThanOrEqual(3);
  });

  it('a pasted syllabus gives on-subject results', async () => {
    const syllabus = `Course: Cell Biology\nWeek 1: Cell structure and membranes\nWeek 2: DNA replication and transcription\nWeek 3: Mitosis and meiosis\nWeek 4: Cellular respiration and photosynthesis\nWeek 5: Mendelian genetics`;
    const out = await run({ syllabus_text: syllabus });
    expect(out.metadata.subjects).toContain('biology');
    expect(out.results.length).toBeGreaterThanOrEqual(5);
    expect(out.results.some((r) => r.coverage_topics.length > 0)).toBe(true);
  });

  it('an ISBN the offline engine does not know fails with a message that asks for the title and author', async () => {
    await expect(run({ isbn: '9780262529624' })).rejects.toMatchObject({ code: 'unknown_isbn', message: expect.stringMatching(/title and author/) });
  });

  it('honours excluded sites by host and the number of results asked for', async () => {
    const out = await run({ book_title: 'Calculus Volume 1', max_results: 7, excluded_sites: ['khanacademy.org'] });
    expect(out.results).toHaveLength(7);
    expect(out.results.some((r) => new URL(r.url).hostname.endsWith('khanacademy.org'))).toBe(false);
  });

  it('honours desired resource types', async () => {
    const out = await run({ book_title: 'University Physics Volume 1', desired_resource_types: ['lecture_videos', 'practice_problem_sets'] });
    const types = out.results.map((r) => r.type);
    expect(types).toContain('video');
    expect(types.filter((t) => t === 'video' || t === 'problem_set').length).toBeGreaterThanOrEqual(2);
  });
});
