import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { CatalogEntry, DISCIPLINE_FAMILIES } from '../../src/pipeline/catalog/entry';

const DATA_DIR = fileURLToPath(new URL('../../src/pipeline/catalog/data/', import.meta.url));

interface LoadedFile {
  file: string;
  raw: unknown;
}

function loadFiles(): LoadedFile[] {
  return readdirSync(DATA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, raw: JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')) as unknown }));
}

function normaliseUrl(raw: string): string {
  const u = new URL(raw);
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${path}${u.search}`;
}

const files = loadFiles();
const entries: CatalogEntry[] = [];
const parseErrors: string[] = [];
for (const { file, raw } of files) {
  if (!Array.isArray(raw)) {
    parseErrors.push(`${file}: not a JSON array`);
    continue;
  }
  raw.forEach((item: unknown, i: number) => {
    const parsed = CatalogEntry.safeParse(item);
    if (parsed.success) entries.push(parsed.data);
    else {
      const id = (item as { id?: unknown } | null)?.id;
      parseErrors.push(`${file}[${i}] (${String(id)}): ${parsed.error.message}`);
    }
  });
}

const OPENSTAX_BOOKS: { title: string; chapters: number; license: string }[] = [
  { title: 'Biology 2e', chapters: 47, license: 'CC-BY-4.0' },
  { title: 'Calculus Volume 1', chapters: 6, license: 'CC-BY-NC-SA-4.0' },
  { title: 'Calculus Volume 2', chapters: 7, license: 'CC-BY-NC-SA-4.0' },
  { title: 'Chemistry 2e', chapters: 21, license: 'CC-BY-NC-SA-4.0' },
  { title: 'Introduction to Python Programming', chapters: 15, license: 'CC-BY-4.0' },
  { title: 'Introductory Statistics 2e', chapters: 13, license: 'CC-BY-NC-SA-4.0' },
  { title: 'Principles of Economics 3e', chapters: 34, license: 'CC-BY-4.0' },
  { title: 'Psychology 2e', chapters: 16, license: 'CC-BY-NC-SA-4.0' },
  { title: 'University Physics Volume 1', chapters: 17, license: 'CC-BY-NC-SA-4.0' },
];

describe('offline catalog data', () => {
  it('has data files, each a JSON array', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const { file, raw } of files) expect(Array.isArray(raw), file).toBe(true);
  });

  it('every entry parses with CatalogEntry', () => {
    expect(parseErrors).toEqual([]);
  });

  it('ids are unique', () => {
    const seen = new Map<string, number>();
    for (const e of entries) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    const dupes = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    expect(dupes).toEqual([]);
  });

  it('URLs are unique after normalisation', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const e of entries) {
      const key = normaliseUrl(e.url);
      const prev = seen.get(key);
      if (prev) dupes.push(`${prev} / ${e.id}: ${key}`);
      else seen.set(key, e.id);
    }
    expect(dupes).toEqual([]);
  });

  it('URLs use https', () => {
    const insecure = entries.filter((e) => !e.url.startsWith('https://')).map((e) => e.id);
    expect(insecure).toEqual([]);
  });

  it('holds at least 400 entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(400);
  });

  it('covers at least 25 distinct disciplines', () => {
    const disciplines = new Set(entries.flatMap((e) => e.subjects));
    expect(disciplines.size).toBeGreaterThanOrEqual(25);
  });

  it('has at least 8 entries for each core discipline', () => {
    const core = [
      'mathematics', 'calculus', 'statistics', 'linear-algebra', 'physics', 'chemistry', 'biology',
      'computer-science', 'programming', 'economics', 'psychology', 'sociology', 'history', 'philosophy',
      'electrical-engineering', 'mechanical-engineering', 'languages', 'literature', 'business',
    ] as const;
    const thin = core.filter((d) => entries.filter((e) => (e.subjects as string[]).includes(d)).length < 8);
    expect(thin).toEqual([]);
    const medical = entries.filter((e) => e.subjects.some((s) => s === 'medicine' || s === 'anatomy-physiology'));
    expect(medical.length).toBeGreaterThanOrEqual(8);
  });

  it('has introductory and advanced levels', () => {
    const levels = new Set(entries.map((e) => e.level));
    expect(levels.has('introductory')).toBe(true);
    expect(levels.has('advanced')).toBe(true);
  });

  it('files are named after discipline families and hold entries of that family', () => {
    const families = Object.keys(DISCIPLINE_FAMILIES);
    for (const { file } of files) expect(families, file).toContain(file.replace(/\.json$/, ''));
  });

  it('contains the nine OpenStax reference textbooks with their chapters', () => {
    for (const book of OPENSTAX_BOOKS) {
      const found = entries.find((e) => e.title === book.title && e.provider === 'OpenStax');
      expect(found, book.title).toBeDefined();
      expect(found?.type, book.title).toBe('textbook');
      expect(found?.license, book.title).toBe(book.license);
      expect(found?.authors?.length ?? 0, book.title).toBeGreaterThan(0);
      expect(found?.chapters?.length, book.title).toBe(book.chapters);
    }
  });

  it('includes the MIT OCW landing pages used in tests', () => {
    const urls = new Set(entries.map((e) => normaliseUrl(e.url)));
    for (const u of [
      'https://ocw.mit.edu/courses/6-0001-introduction-to-computer-science-and-programming-in-python-fall-2016/',
      'https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2022/',
      'https://ocw.mit.edu/courses/1-010-uncertainty-in-engineering-fall-2008/',
    ]) {
      expect(urls.has(normaliseUrl(u)), u).toBe(true);
    }
  });

  it('each entry lists between 5 and 40 topics', () => {
    const bad = entries.filter((e) => e.topics.length < 5 || e.topics.length > 40).map((e) => `${e.id}: ${e.topics.length}`);
    expect(bad).toEqual([]);
  });

  it('topics and chapters have no duplicates within an entry', () => {
    const bad = entries
      .filter((e) => {
        const t = e.topics.map((x) => x.toLowerCase());
        return new Set(t).size !== t.length || (e.chapters && new Set(e.chapters).size !== e.chapters.length);
      })
      .map((e) => e.id);
    expect(bad).toEqual([]);
  });
});
