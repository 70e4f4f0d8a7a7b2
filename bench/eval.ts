import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Catalog } from '../src/pipeline/catalog/catalog';
import { createGuardedFetcher } from '../src/pipeline/fetch/guarded-fetch';
import { createOfflinePipeline } from '../src/pipeline/offline-pipeline';
import type { PipelineInput, PipelineOutput } from '../src/pipeline/pipeline';
import { FIXTURES, courseFixtures, serveCourses, textbookFixtures } from '../test/support/fixtures';

/** `npm run eval`: every fixture through the offline pipeline, with results, coverage, subjects and time. */
const site = await serveCourses();
const pipeline = createOfflinePipeline({
  catalog: new Catalog(null),
  fetchPage: createGuardedFetcher({ allowLoopback: true }),
  discoveryConcurrency: 8,
  defaultMaxResults: 6,
});

interface Case {
  name: string;
  inputs: PipelineInput['inputs'];
  gold?: string[];
}
const cases: Case[] = [
  ...textbookFixtures().map((b) => ({ name: `textbook: ${b.title}`, inputs: { book_title: b.title, book_author: b.authors[0] }, gold: b.chapters.map((c) => c.title) })),
  ...courseFixtures().flatMap((c) => [
    { name: `course page: ${c.course_number} ${c.title}`, inputs: { course_url: `${site.url}/${c.slug}/course-page.html` } },
    { name: `syllabus text: ${c.course_number}`, inputs: { syllabus_text: readFileSync(path.join(FIXTURES, 'courses', c.slug, 'syllabus.md'), 'utf8').slice(0, 50_000) } },
    ...(c.textbook ? [{ name: `ISBN: ${c.textbook.isbn} (${c.textbook.title})`, inputs: { isbn: c.textbook.isbn } }] : []),
  ]),
  { name: 'topics: microeconomics', inputs: { topics_list: 'supply and demand, elasticity, monopoly, inflation' } },
  { name: 'topics: organic chemistry', inputs: { topics_list: 'alkanes, stereochemistry, nucleophilic substitution, aromatic compounds' } },
];

let totalMs = 0;
for (const c of cases) {
  const t0 = performance.now();
  let out: PipelineOutput | null = null;
  let error = '';
  try {
    out = await pipeline.run({ inputs: c.inputs, upload: null }, { signal: new AbortController().signal, onProgress: () => undefined, cachedProfile: null, onProfile: () => Promise.resolve() });
  } catch (e) {
    error = (e as Error).message;
  }
  const ms = performance.now() - t0;
  totalMs += ms;
  console.log(`\n## ${c.name}  (${ms.toFixed(0)} ms)`);
  if (!out) {
    console.log(`  failed: ${error}`);
    continue;
  }
  const chapters = c.gold ?? out.metadata.chapters;
  const covered = new Set(out.results.flatMap((r) => r.coverage_topics));
  const hit = chapters.filter((ch) => covered.has(ch)).length;
  const tb = out.metadata.textbook_info;
  console.log(`  subjects: ${out.metadata.subjects.join(', ')} (${out.metadata.level}); textbook: ${tb.title ?? '—'}${tb.isbn ? ` [${tb.isbn}]` : ''} (${tb.source})`);
  console.log(`  chapter coverage: ${hit}/${chapters.length}${c.gold ? ' (book TOC)' : ' (analysed topics)'}`);
  for (const r of out.results) console.log(`  ${String(r.score).padStart(3)} ${r.type.padEnd(13)} ${r.notebooklm_format.padEnd(7)} ${r.title} — ${r.source} (${r.coverage_topics.length} topics, ${r.license})`);
}
console.log(`\n${cases.length} inputs, ${(totalMs / cases.length).toFixed(0)} ms per input on average`);
await site.close();
