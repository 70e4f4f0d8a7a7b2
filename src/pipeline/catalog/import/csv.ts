import { parse } from 'csv-parse/sync';
import { ResourceType } from '../../../contracts/vocabulary';
import { Discipline, Level } from '../entry';
import { ReportBuilder } from './build';
import { disciplinesFromTags, familyOf, disciplinesIn } from './disciplines';
import { licenseFromText } from './license';
import { checkUrl, providerFromHost } from './url';
import { collapse, levelFromValue, levelFromWords, naturalName, titleWords, typeFromText } from './text';
import type { ImportOptions, ImportReport } from './types';

/** Which CSV column (header name, matched case-insensitively) feeds which entry field. */
export interface CsvMapping {
  name: string;
  columns: {
    title: string;
    url: string;
    description?: string;
    /** Multi-valued subject names, mapped to disciplines. */
    subjects?: string;
    /** Multi-valued keywords/topics. */
    topics?: string;
    /** Multi-valued authors. */
    authors?: string;
    license?: string;
    /** Material type text ("Full Course", "Lecture Notes", or a ResourceType id). */
    type?: string;
    /** Level or primary-user text ("introductory", "graduate", "student|teacher"). */
    level?: string;
    provider?: string;
  };
  /** Separator of multi-valued cells. */
  separator: string | RegExp;
  /** Authors written "Last, First" (one per value). */
  authorsLastFirst?: boolean;
  defaultType?: ResourceType;
  defaultProvider?: string;
}

/** MIT OpenCourseWare OER Commons bulk export (`ocw_oer_export.csv`). */
export const OCW_OER_MAPPING: CsvMapping = {
  name: 'ocw-oer-export',
  columns: {
    title: 'CR_TITLE',
    url: 'CR_URL',
    description: 'CR_ABSTRACT',
    subjects: 'CR_SUBJECT',
    topics: 'CR_KEYWORDS',
    authors: 'CR_AUTHOR_NAME',
    license: 'CR_COU_TITLE',
    type: 'CR_MATERIAL_TYPE',
    level: 'CR_PRIMARY_USER',
    provider: 'CR_PROVIDER_SET',
  },
  separator: '|',
  authorsLastFirst: true,
  defaultType: 'course',
  defaultProvider: 'MIT OpenCourseWare',
};

/** Plain header: `title,url,type,license,subjects,level,topics,description[,authors,provider]`. */
export const GENERIC_CSV_MAPPING: CsvMapping = {
  name: 'generic',
  columns: {
    title: 'title',
    url: 'url',
    description: 'description',
    subjects: 'subjects',
    topics: 'topics',
    authors: 'authors',
    license: 'license',
    type: 'type',
    level: 'level',
    provider: 'provider',
  },
  separator: /[|;]/,
};

export function detectCsvMapping(header: readonly string[]): CsvMapping | null {
  const names = new Set(header.map((h) => h.trim().toLowerCase()));
  if (names.has('cr_title') && names.has('cr_url')) return OCW_OER_MAPPING;
  if (names.has('title') && names.has('url')) return GENERIC_CSV_MAPPING;
  return null;
}

type Row = (column: string | undefined) => string;

function split(value: string, sep: string | RegExp): string[] {
  return value
    .split(sep)
    .map((v) => collapse(v))
    .filter(Boolean);
}

function levelFor(get: Row, mapping: CsvMapping, title: string, description: string): Level {
  const value = get(mapping.columns.level);
  const direct = Level.safeParse(value.trim().toLowerCase());
  if (direct.success) return direct.data;
  const fromValue = levelFromValue(value);
  if (fromValue) return fromValue;
  const fromTitle = levelFromWords(title);
  if (fromTitle) return fromTitle;
  const d = description.toLowerCase();
  if (/\b(?<!under)graduate[- ](level|course|subject|seminar|students)\b/.test(d)) return 'advanced';
  if (/\bintroduct(ory|ion to)\b/.test(d)) return 'introductory';
  return 'intermediate';
}

function subjectsFor(subjects: string[], topics: string[], title: string, defaults: Discipline[]): Discipline[] {
  const mapped = disciplinesFromTags([...subjects, ...topics]);
  if (mapped.length === 0) return defaults;
  const families = new Set(mapped.map(familyOf));
  for (const d of disciplinesIn(title).specific) if (mapped.length < 4 && families.has(familyOf(d)) && !mapped.includes(d)) mapped.push(d);
  return mapped;
}

export function parseCsv(content: string, opts: ImportOptions): ImportReport {
  const out = new ReportBuilder('csv', opts.origin);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse yields { record, info } objects; its sync typings do not model that option.
    records = parse(content, { info: true, bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }) as unknown as typeof records;
  } catch (err) {
    out.reject(`CSV parse error: ${(err as Error).message}`);
    return out.report();
  }
  const header = records.shift()?.record ?? [];
  const mapping = opts.csvMapping ?? detectCsvMapping(header);
  if (!mapping) {
    out.reject('unrecognised CSV header: pass a csvMapping (needs title and url columns)', { line: 1 });
    return out.report();
  }
  const index = new Map(header.map((h, i) => [h.trim().toLowerCase(), i] as const));
  const missing = [mapping.columns.title, mapping.columns.url].filter((c) => !index.has(c.toLowerCase()));
  if (missing.length > 0) {
    out.reject(`CSV header lacks required column(s): ${missing.join(', ')}`, { line: 1 });
    return out.report();
  }
  const defaultSubjects = opts.defaultSubjects ?? [];
  const licenses = new Map<string, ReturnType<typeof licenseFromText>>();
  const licenseOf = (text: string) => {
    if (!licenses.has(text)) licenses.set(text, licenseFromText(text));
    return licenses.get(text) ?? null;
  };
  for (const { record, info } of records) {
    out.read++;
    const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    const get: Row = (column) => {
      const i = column === undefined ? undefined : index.get(column.toLowerCase());
      return i === undefined ? '' : (record[i] ?? '');
    };
    const title = collapse(get(mapping.columns.title));
    const rawUrl = get(mapping.columns.url).trim();
    if (!title) {
      out.reject('missing title', { line, url: rawUrl || undefined });
      continue;
    }
    const u = checkUrl(rawUrl);
    if (!u.ok) {
      out.reject(u.reason, { line, url: rawUrl || undefined });
      continue;
    }
    const subjectsText = split(get(mapping.columns.subjects), mapping.separator);
    const topicsText = split(get(mapping.columns.topics), mapping.separator);
    // A subjects cell made only of our discipline ids is taken as is; anything else goes through the keyword table.
    const direct = subjectsText.every((s) => Discipline.safeParse(s).success) ? (subjectsText as Discipline[]) : [];
    const subjects = direct.length > 0 ? direct.slice(0, 4) : subjectsFor(subjectsText, topicsText, title, defaultSubjects);
    if (subjects.length === 0) {
      out.reject(`no mappable subject (subjects: ${subjectsText.join(', ') || 'none'}; keywords: ${topicsText.length})`, { line, url: u.url });
      continue;
    }
    const typeText = get(mapping.columns.type).trim();
    const type = ResourceType.safeParse(typeText.toLowerCase()).data ?? typeFromText(typeText) ?? opts.defaultType ?? mapping.defaultType ?? 'course';
    const description = get(mapping.columns.description).trim();
    const authorSplit = split(get(mapping.columns.authors), mapping.separator);
    out.acceptDraft(
      {
        title,
        url: u.url,
        type,
        provider: collapse(get(mapping.columns.provider)) || mapping.defaultProvider || providerFromHost(u.host),
        license: licenseOf(get(mapping.columns.license)) ?? opts.defaultLicense ?? 'unverified',
        subjects,
        level: levelFor(get, mapping, title, description),
        topics: [...topicsText, ...subjectsText, ...titleWords(title)],
        description: description || `${title}: ${[...subjectsText, ...topicsText].slice(0, 8).join(', ')}.`,
        context: `Subjects: ${subjectsText.join(', ') || subjects.join(', ')}.`,
        authors: mapping.authorsLastFirst ? authorSplit.map(naturalName) : authorSplit,
      },
      line,
    );
  }
  return out.report();
}
