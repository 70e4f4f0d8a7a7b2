import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectFormat, parseCatalogFile } from '../../../src/pipeline/catalog/import/index';
import type { ImportReport } from '../../../src/pipeline/catalog/import/index';

/** The real lists, read in place (never copied into the repo): /work/shared/fixtures/catalog-sources. */
export const SOURCES_DIR = fileURLToPath(new URL('../../../../shared/fixtures/catalog-sources/', import.meta.url));

export const LISTS = {
  ocw: 'ocw_oer_export.csv',
  science: 'free-science-books.md',
  math: 'awesome-math-README.md',
  video: 'cs-video-courses-README.md',
  books: 'free-programming-books-subjects.md',
  courses: 'free-courses-en.md',
} as const;

const texts = new Map<string, string>();
const reports = new Map<string, ImportReport>();

export function readList(file: string): string {
  let text = texts.get(file);
  if (text === undefined) {
    text = readFileSync(`${SOURCES_DIR}${file}`, 'utf8');
    texts.set(file, text);
  }
  return text;
}

/** Parse a real list once per test file (origin = its base name). */
export function importList(file: string): ImportReport {
  let report = reports.get(file);
  if (!report) {
    const content = readList(file);
    report = parseCatalogFile(content, { format: detectFormat(file, content), origin: file });
    reports.set(file, report);
  }
  return report;
}

/** 1-based line number of the first line containing `needle`. */
export function lineOf(file: string, needle: string): number {
  const idx = readList(file)
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (idx < 0) throw new Error(`${needle} not in ${file}`);
  return idx + 1;
}
