import type { Resource } from '../contracts/resource';
import type { StatusResponse } from '../contracts/status';

export const EXPORT_FORMATS = ['csv', 'md', 'json', 'ris', 'bibtex'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA: Record<ExportFormat, { type: string; ext: string }> = {
  csv: { type: 'text/csv; charset=utf-8; header=present', ext: 'csv' },
  md: { type: 'text/markdown; charset=utf-8', ext: 'md' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
  ris: { type: 'application/x-research-info-systems; charset=utf-8', ext: 'ris' },
  bibtex: { type: 'application/x-bibtex; charset=utf-8', ext: 'bib' },
};

/** A finished job's results, ready to be written in one of the export formats. */
export interface ExportData {
  job: StatusResponse;
  resources: Resource[];
}

const isHttp = (url: string): boolean => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** One line of text: control characters and line breaks become single spaces. */
// eslint-disable-next-line no-control-regex
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

const title = (d: ExportData): string => oneLine(d.job.search_title ?? 'ScholarSource results');

/** A file name made only of safe ASCII characters, e.g. scholarsource-calculus-volume-1-e3739f8d.csv. */
export function exportFileName(d: ExportData, format: ExportFormat): string {
  const slug = title(d)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `scholarsource-${slug ? `${slug}-` : ''}${d.job.job_id.slice(0, 8)}.${EXPORT_MEDIA[format].ext}`;
}

export function renderExport(d: ExportData, format: ExportFormat): string {
  switch (format) {
    case 'csv':
      return toCsv(d);
    case 'md':
      return toMarkdown(d);
    case 'json':
      return toJson(d);
    case 'ris':
      return toRis(d);
    case 'bibtex':
      return toBibtex(d);
  }
}

// --- CSV (RFC 4180) ---------------------------------------------------------------------------------

const CSV_COLUMNS = [
  'title',
  'type',
  'url',
  'source',
  'description',
  'coverage_topics',
  'license',
  'license_source',
  'notebooklm_format',
  'score',
  'rationale',
] as const;

/**
 * One RFC 4180 field. A text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe, so an exported title can never execute in Excel or Sheets.
 */
function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(d: ExportData): string {
  const rows: (string | number)[][] = [[...CSV_COLUMNS]];
  for (const r of d.resources) {
    rows.push([
      r.title,
      r.type,
      r.url,
      r.source,
      r.description,
      r.coverage_topics.join('; '),
      r.license,
      r.license_source,
      r.notebooklm_format,
      r.score,
      r.rationale,
    ]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// --- Markdown ---------------------------------------------------------------------------------------

/** Text that markdown shows as written: its syntax characters are backslash-escaped. */
const mdText = (s: string): string => oneLine(s).replace(/([\\`*_[\]<>|~])/g, '\\$1');
/** A link target markdown cannot break out of: spaces and parentheses percent-encoded. */
const mdUrl = (url: string): string => url.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

function toMarkdown(d: ExportData): string {
  const { job } = d;
  const lines = [`# Study resources: ${mdText(title(d))}`, ''];
  const tb = job.metadata.textbook_info;
  if (tb?.title) lines.push(`- Textbook: ${mdText(tb.title)}${tb.author ? ` by ${mdText(tb.author)}` : ''} (${tb.source.replace(/_/g, ' ')})`);
  const chapters = job.metadata.chapters ?? [];
  if (chapters.length) lines.push(`- Chapters or topics: ${chapters.map(mdText).join('; ')}`);
  lines.push(`- Job: ${job.job_id}`, '', `## Resources (${d.resources.length})`, '');
  d.resources.forEach((r, i) => {
    const name = mdText(r.title);
    lines.push(`### ${i + 1}. ${isHttp(r.url) ? `[${name}](${mdUrl(r.url)})` : name}`, '');
    lines.push(`- Type: ${r.type} · Source: ${mdText(r.source)} · Score: ${r.score}/100`);
    lines.push(`- Licence: ${r.license} (${mdText(r.license_source)}) · NotebookLM: ${r.notebooklm_format}`);
    if (r.coverage_topics.length) lines.push(`- Covers: ${r.coverage_topics.map(mdText).join('; ')}`);
    if (r.description) lines.push(`- ${mdText(r.description)}`);
    if (r.rationale) lines.push(`- Why: ${mdText(r.rationale)}`);
    if (!isHttp(r.url)) lines.push(`- Address (not a web link): \`${oneLine(r.url).replace(/`/g, "'")}\``);
    lines.push('');
  });
  const urls = d.resources.map((r) => r.url).filter(isHttp);
  if (urls.length) lines.push('## URLs for NotebookLM', '', '```text', ...urls.map(mdUrl), '```', '');
  return lines.join('\n');
}

// --- JSON -------------------------------------------------------------------------------------------

function toJson(d: ExportData): string {
  const { job } = d;
  return `${JSON.stringify(
    {
      job_id: job.job_id,
      search_title: job.search_title,
      completed_at: job.completed_at,
      textbook_info: job.metadata.textbook_info ?? null,
      chapters: job.metadata.chapters ?? [],
      resources: d.resources,
    },
    null,
    2,
  )}\n`;
}

// --- RIS --------------------------------------------------------------------------------------------

const RIS_TYPE: Record<Resource['type'], string> = {
  textbook: 'BOOK',
  video: 'VIDEO',
  course: 'ELEC',
  lecture_notes: 'ELEC',
  problem_set: 'ELEC',
  practice_exam: 'ELEC',
  tutorial: 'ELEC',
  reference: 'ELEC',
};

function toRis(d: ExportData): string {
  const out: string[] = [];
  const tag = (t: string, v: string): void => {
    const value = oneLine(v);
    if (value) out.push(`${t}  - ${value}`);
  };
  for (const r of d.resources) {
    out.push(`TY  - ${RIS_TYPE[r.type]}`);
    tag('TI', r.title);
    tag('PB', r.source);
    tag('UR', r.url);
    tag('AB', r.description);
    for (const t of r.coverage_topics) tag('KW', t);
    tag('N1', `Type: ${r.type}. Licence: ${r.license} (${r.license_source}). NotebookLM format: ${r.notebooklm_format}. Score: ${r.score}/100. ${r.rationale}`);
    out.push('ER  - ', '');
  }
  return out.join('\r\n');
}

// --- BibTeX -----------------------------------------------------------------------------------------

const BIB_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};
/** A BibTeX field value whose braces are always balanced: every special character is escaped. */
const bibText = (s: string): string => oneLine(s).replace(/[\\{}&%$#_~^]/g, (c) => BIB_SPECIAL[c] ?? c);
/** URLs keep their characters except the three that could unbalance the field. */
const bibUrl = (s: string): string => oneLine(s).replace(/[{}\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function bibKey(r: Resource, i: number, used: Set<string>): string {
  const word = r.title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .split(/\s+/)
    .filter((w) => w.length > 2)
    .slice(0, 3)
    .join('')
    .toLowerCase();
  let key = `scholarsource${i + 1}${word ? `_${word.slice(0, 30)}` : ''}`;
  while (used.has(key)) key += 'x';
  used.add(key);
  return key;
}

function toBibtex(d: ExportData): string {
  const used = new Set<string>();
  return d.resources
    .map((r, i) => {
      const fields: [string, string][] = [
        ['title', `{${bibText(r.title)}}`],
        ['author', `{${bibText(r.source)}}`],
        ['howpublished', isHttp(r.url) ? `\\url{${bibUrl(r.url)}}` : bibText(r.url)],
        ['url', bibUrl(r.url)],
        ['abstract', bibText(r.description)],
        ['keywords', bibText(r.coverage_topics.join(', '))],
        ['note', bibText(`${r.type}; licence ${r.license} (${r.license_source}); NotebookLM format ${r.notebooklm_format}; score ${r.score}/100`)],
      ];
      const body = fields.filter(([, v]) => v !== '' && v !== '{}').map(([k, v]) => `  ${k} = {${v}}`);
      return `@misc{${bibKey(r, i, used)},\n${body.join(',\n')}\n}\n`;
    })
    .join('\n');
}
