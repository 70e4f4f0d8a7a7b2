import { z } from 'zod';
import { normalizeIsbn } from '../../contracts/isbn';
import { analyseCoursePage, analyseSyllabusText, chaptersFromOutline, type FoundTextbook } from '../analysis';
import type { CatalogEntry } from '../catalog/entry';
import type { CatalogSnapshot } from '../catalog/catalog';
import { findByIsbn, matchTextbook } from '../catalog/textbook-match';
import { PipelineError } from '../errors';
import type { PageFetcher } from '../fetch/types';
import type { PipelineInput, StageProgress } from '../pipeline';
import { CourseProfile, type Chapter, type Textbook } from '../profile';
import { inferLevel, inferSubjects } from './subjects';

export const MAX_CHAPTERS = 60;

export interface AnalyseDeps {
  catalog: CatalogSnapshot;
  fetchPage: PageFetcher;
}

interface SourceFacts {
  title: string | null;
  courseNumber: string | null;
  term: string | null;
  university: string | null;
  level: string | null;
  textbook: FoundTextbook | null;
  chapters: Chapter[];
  keyPhrases: string[];
  links: string[];
  text: string;
  kind: 'course_page' | 'syllabus';
}

const splitTopics = (s: string | undefined): string[] =>
  s
    ? [
        ...new Set(
          s
            .split(/[,;\n]/)
            .map((t) => t.trim())
            .filter((t) => t.length > 1),
        ),
      ]
    : [];

/** Stage 1: turns the inputs into a CourseProfile. */
export async function analyseCourse(input: PipelineInput, deps: AnalyseDeps, signal: AbortSignal, progress: (p: StageProgress) => void): Promise<CourseProfile> {
  const i = input.inputs;
  const sources: SourceFacts[] = [];
  const say = (detail: string): void => progress({ stage: 'course_analysis', detail });

  for (const url of [i.course_url, i.book_url]) {
    if (!url) continue;
    say(`reading ${new URL(url).hostname}`);
    const f = await analyseCoursePage(url, deps.fetchPage, signal);
    sources.push({
      title: f.title, courseNumber: f.courseNumber, term: f.term, university: f.university, level: f.level,
      textbook: f.textbook, chapters: chaptersOf(f.chapters, f.topics), keyPhrases: f.keyPhrases, links: f.resourceLinks,
      text: [f.title, ...f.headings, ...f.topics].filter(Boolean).join('\n'), kind: 'course_page',
    });
  }
  for (const text of [i.syllabus_text, input.upload?.text]) {
    if (!text) continue;
    say('reading the syllabus');
    const f = analyseSyllabusText(text);
    let chapters = chaptersOf(f.chapters, f.topics);
    if (text === input.upload?.text && input.upload.outline.length >= 2 && chapters.length < 2) {
      chapters = chaptersFromOutline(input.upload.outline).map((title) => ({ title, topics: [] }));
    }
    sources.push({
      title: f.title, courseNumber: f.courseNumber, term: f.term, university: f.university, level: f.level,
      textbook: f.textbook, chapters, keyPhrases: f.keyPhrases, links: [], text: f.text.slice(0, 20_000), kind: 'syllabus',
    });
  }
  signal.throwIfAborted();

  say('identifying the textbook');
  const { textbook, entry } = resolveTextbook(input, sources, deps.catalog.entries);
  const userTopics = splitTopics(i.topics_list);
  const fromSources = sources.flatMap((s) => s.chapters);
  const fromBook = (entry?.chapters ?? []).map((title) => ({ title, topics: [] }));
  // The course's own schedule describes it best; a known textbook's chapters come next.
  const extracted = fromSources.length >= 2 ? fromSources : fromBook.length ? fromBook : fromSources;
  const chapters = dedupeChapters([...userTopics.map((title) => ({ title, topics: [] })), ...extracted]).slice(0, MAX_CHAPTERS);
  const keyPhrases = [...new Set(sources.flatMap((s) => s.keyPhrases))].slice(0, 30);
  if (chapters.length === 0 && keyPhrases.length > 0) chapters.push(...keyPhrases.slice(0, 12).map((title) => ({ title, topics: [] })));
  if (chapters.length === 0 && !textbook) {
    throw new PipelineError('bad_input', 'We could not find any course topics in the input. Add a topics list (for example "limits, derivatives, integrals") or the textbook title.');
  }

  const first = <K extends keyof SourceFacts>(k: K): SourceFacts[K] | null => sources.map((s) => s[k]).find((v) => v) ?? null;
  const courseTitle = i.course_name ?? first('title') ?? textbook?.title ?? null;
  const profileText = [courseTitle, textbook?.title, ...chapters.map((c) => `${c.title} ${c.topics.join(' ')}`), ...keyPhrases].filter(Boolean).join('\n');
  say('inferring subject and level');
  const subjects = entry ? entry.subjects : inferSubjects(deps.catalog.index, profileText);
  const levelText = [first('level'), courseTitle, first('courseNumber')].filter(Boolean).join(' ');
  const level = entry ? entry.level : inferLevel(levelText);

  return CourseProfile.parse({
    course_title: courseTitle,
    course_number: first('courseNumber'),
    term: first('term'),
    university: i.university_name ?? first('university'),
    textbook,
    subjects,
    level,
    user_topics: userTopics,
    chapters,
    keywords: keyPhrases,
    links: [...new Set(sources.flatMap((s) => s.links))].slice(0, 50),
  } satisfies z.input<typeof CourseProfile>);
}

function chaptersOf(chapters: { title: string; topics: string[] }[], topics: string[]): Chapter[] {
  if (chapters.length >= 2) return chapters.map((c) => ({ title: c.title, topics: c.topics }));
  return topics.map((t) => ({ title: t, topics: [] }));
}

function dedupeChapters(list: Chapter[]): Chapter[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const k = c.title.toLowerCase().replace(/\s+/g, ' ').trim();
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Finds the textbook: the user's title or ISBN first, then what a page or syllabus names; enriches from the catalog. */
function resolveTextbook(input: PipelineInput, sources: SourceFacts[], entries: readonly CatalogEntry[]): { textbook: Textbook | null; entry: CatalogEntry | null } {
  const i = input.inputs;
  const fromEntry = (e: CatalogEntry, source: Textbook['source'], isbn: string | null): Textbook => ({
    title: e.title, author: e.authors?.join(', ') ?? null, edition: null, isbn: isbn ?? e.isbn?.[0] ?? null, source, catalog_id: e.id,
  });
  if (i.isbn) {
    const e = findByIsbn(entries, i.isbn);
    if (e) return { textbook: fromEntry(e, 'catalog', normalizeIsbn(i.isbn)), entry: e };
    const onlyIsbn = !i.book_title && !i.topics_list && !i.syllabus_text && !i.course_url && !i.book_url && !input.upload;
    if (onlyIsbn) {
      throw new PipelineError('unknown_isbn', `The offline catalog does not know the book with ISBN ${normalizeIsbn(i.isbn) ?? i.isbn}. Please search again with the book's title and author (or its topics).`);
    }
  }
  if (i.book_title) {
    const m = matchTextbook(entries, i.book_title, i.book_author ?? null);
    const isbn = i.isbn ? normalizeIsbn(i.isbn) : null;
    if (m) return { textbook: { ...fromEntry(m.entry, 'user_provided', isbn), title: m.entry.title }, entry: m.entry };
    return { textbook: { title: i.book_title, author: i.book_author ?? null, edition: null, isbn, source: 'user_provided', catalog_id: null }, entry: null };
  }
  for (const s of sources) {
    const t = s.textbook;
    if (!t) continue;
    const e = (t.isbn ? findByIsbn(entries, t.isbn) : null) ?? matchTextbook(entries, t.title, t.authors.join(', '))?.entry ?? null;
    return {
      textbook: { title: t.title, author: t.authors.join(', ') || null, edition: t.edition, isbn: t.isbn, source: s.kind, catalog_id: e?.id ?? null },
      entry: e,
    };
  }
  return { textbook: null, entry: null };
}
