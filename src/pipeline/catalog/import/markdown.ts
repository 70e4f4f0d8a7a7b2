import type { ResourceType } from '../../../contracts/vocabulary';
import type { Discipline, Level } from '../entry';
import { ReportBuilder } from './build';
import { disciplinesFromContext, disciplinesIn, familyOf, refineWithin } from './disciplines';
import { licenseFromUrl } from './license';
import { parseLeadingLink, parseNote } from './markdown-link';
import { scanMarkdown } from './markdown-scan';
import type { Block } from './markdown-scan';
import { levelFromWords, plainText, titleWords } from './text';
import { checkUrl, isVideoHost, providerFromHost } from './url';
import type { ImportOptions, ImportReport } from './types';

/** Defaults for one list: its usual resource type, fallback subjects, and a discipline every entry keeps. */
export interface ListProfile {
  type: ResourceType;
  subjects: Discipline[];
  /** Single-domain lists: when no subject is in this discipline's family, it is appended. */
  anchor?: Discipline;
}

const KNOWN_LISTS: [RegExp, ListProfile][] = [
  [/cs-video-courses/i, { type: 'video', subjects: ['computer-science'], anchor: 'computer-science' }],
  [/free-programming-books/i, { type: 'textbook', subjects: ['programming'] }],
  [/free-courses/i, { type: 'course', subjects: ['programming'] }],
  [/awesome-math/i, { type: 'textbook', subjects: ['mathematics'], anchor: 'mathematics' }],
  [/free-science-books/i, { type: 'textbook', subjects: [] }],
];

/** Profile of a list: known lists by file name, else inferred from the file name and document title. */
export function listProfile(origin: string, title: string | null): ListProfile {
  for (const [re, profile] of KNOWN_LISTS) if (re.test(origin)) return profile;
  const text = `${origin.replace(/\.[a-z]+$/i, '').replace(/[-_]+/g, ' ')} ${title ?? ''}`.toLowerCase();
  const type: ResourceType = /video/.test(text) ? 'video' : /course|mooc|lecture/.test(text) ? 'course' : /book/.test(text) ? 'textbook' : 'reference';
  return { type, subjects: disciplinesIn(text).specific.slice(0, 1) };
}

const TITLE_TYPES: [RegExp, ResourceType][] = [
  [/\b(lecture|course|class) notes\b|\bnotes$|^notes on\b/i, 'lecture_notes'],
  [/\bproblem sets?\b|^problems\b|\bproblems? (book|in)\b|^exercises\b|\bexercises (in|for|on)\b|\bworkbook\b/i, 'problem_set'],
  [/\b(practice|sample|past) (exams?|tests?|papers?)\b|\btest practice book\b/i, 'practice_exam'],
  [/\bencyclopa?edia\b|\bdictionary\b|\bcheat ?sheets?\b|\bformulary\b|\bglossary\b|\breference (guide|manual|card)\b/i, 'reference'],
  [/\btutorials?\b/i, 'tutorial'],
];
const CONTEXT_TYPES: [RegExp, ResourceType][] = [
  [/\bvideos?\b/i, 'video'],
  [/\b(lecture|course) notes\b/i, 'lecture_notes'],
  [/\b(reference works?|references?|encyclopa?edias?|journals?|magazines?|blogs?|questions and answers|tools|meta-lists|conferences|meetings|curated lists)\b/i, 'reference'],
  [/\b(courses?|platforms?|moocs?)\b/i, 'course'],
];

function typeFor(title: string, inner: readonly string[], host: string, fallback: ResourceType): ResourceType {
  if (isVideoHost(host)) return 'video';
  for (const [re, type] of TITLE_TYPES) if (re.test(title)) return type;
  for (const c of inner.slice(0, 2)) for (const [re, type] of CONTEXT_TYPES) if (re.test(c)) return type;
  return fallback;
}

function levelFor(title: string, inner: readonly string[]): Level {
  for (const text of [title, ...inner]) {
    const level = levelFromWords(text);
    if (level) return level;
  }
  return 'intermediate';
}

function subjectsFor(title: string, inner: readonly string[], profile: ListProfile): Discipline[] {
  let subjects = disciplinesFromContext(inner, [title]);
  if (subjects.length === 0) subjects = refineWithin(profile.subjects, [title]);
  if (subjects.length === 0) subjects = disciplinesFromContext([title]);
  const anchor = profile.anchor;
  if (anchor && subjects.length > 0 && !subjects.some((d) => familyOf(d) === familyOf(anchor))) subjects = [...subjects.slice(0, 3), anchor];
  return subjects;
}

function entryFrom(block: Block, out: ReportBuilder, profile: ListProfile, opts: ImportOptions): void {
  const link = parseLeadingLink(block.text);
  if (!link || link.image || link.url.startsWith('#')) return;
  out.read++;
  const u = checkUrl(link.url);
  if (!u.ok) {
    out.reject(u.reason, { line: block.line, url: link.url });
    return;
  }
  const inner = [...block.context].reverse();
  let title = plainText(link.text);
  if (title.length < 3) title = `${title} (${u.host})`;
  const subjects = subjectsFor(title, inner, profile);
  if (subjects.length === 0) {
    out.reject(`no mappable subject (headings: ${block.context.join(' > ') || 'none'})`, { line: block.line, url: u.url });
    return;
  }
  const note = parseNote(link.rest);
  const path = block.context.join(' > ');
  out.acceptDraft(
    {
      title,
      url: u.url,
      type: typeFor(title, inner, u.host, profile.type),
      provider: providerFromHost(u.host),
      license: note.license ?? licenseFromUrl(u.url) ?? opts.defaultLicense ?? 'unverified',
      subjects,
      level: levelFor(title, inner),
      topics: [...inner, ...titleWords(title)],
      description: `${title}${note.text ? ` - ${note.text.replace(/[.\s]+$/, '')}` : ''}.${path ? ` Listed under ${path}.` : ''}`,
      context: `Listed in ${opts.origin}.`,
      authors: note.authors,
    },
    block.line,
  );
}

/**
 * Markdown link lists: every bullet that starts with a link is an entry (anchor links of a table of
 * contents and badge images are skipped); headings, `<details>` summaries and parent bullets give context.
 */
export function parseMarkdown(content: string, opts: ImportOptions): ImportReport {
  const out = new ReportBuilder('markdown', opts.origin);
  const scan = scanMarkdown(content);
  const base = listProfile(opts.origin, scan.title);
  const profile: ListProfile = {
    ...base,
    type: opts.defaultType ?? base.type,
    subjects: opts.defaultSubjects ?? base.subjects,
  };
  for (const block of scan.blocks) entryFrom(block, out, profile, opts);
  return out.report();
}
