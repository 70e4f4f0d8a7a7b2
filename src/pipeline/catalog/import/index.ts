import { parseCsv } from './csv';
import { parseJson } from './json';
import { parseMarkdown } from './markdown';
import type { ImportFormat, ImportOptions, ImportReport } from './types';

export type { ImportFormat, ImportOptions, ImportReport, Rejection } from './types';
export type { CsvMapping } from './csv';
export { OCW_OER_MAPPING, GENERIC_CSV_MAPPING, detectCsvMapping } from './csv';
export { licenseFromText, licenseFromNote, licenseFromUrl } from './license';
export { disciplinesIn } from './disciplines';
export { checkUrl, entryId } from './url';

/** Format from the file extension, else from the content. */
export function detectFormat(fileName: string, content: string): ImportFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'json') return 'json';
  if (ext === 'md' || ext === 'markdown' || ext === 'mdown') return 'markdown';
  const head = content.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('[') && !/^\[[^\]\n]*\]\(/.test(head)) return 'json';
  if (head.startsWith('{')) return 'json';
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  if (/^[#*>-]|\]\(/.test(first)) return 'markdown';
  if (first.split(',').length >= 2 && /\burl\b/i.test(first)) return 'csv';
  return 'markdown';
}

/** Parse one catalog source file into validated, de-duplicated catalog entries plus a report of what was dropped. */
export function parseCatalogFile(content: string, opts: ImportOptions): ImportReport {
  switch (opts.format) {
    case 'csv':
      return parseCsv(content, opts);
    case 'json':
      return parseJson(content, opts);
    case 'markdown':
      return parseMarkdown(content, opts);
  }
}
