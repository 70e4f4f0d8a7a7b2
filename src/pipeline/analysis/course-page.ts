/**
 * Analyses a course URL: fetches the page through the given (guarded) fetcher, extracts facts, and follows the
 * page's same-site syllabus/calendar/readings links one level deep. Nothing else on the page is followed.
 */
import { PipelineError, isPipelineError } from '../errors';
import type { FetchedPage, PageFetcher } from '../fetch/types';
import { extractCoursePage } from './extract-html';
import { extractKeyPhrases } from './keyphrases';
import { analysePdf } from './pdf';
import { SOURCE_RANK } from './schedule';
import { analyseSyllabusText } from './syllabus-text';
import type { CourseIdentity, ScheduleFacts } from './facts';
import { dedupeBy } from './text';

/** At most this many linked pages are read. */
export const MAX_LINKED_PAGES = 4;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/x-markdown']);
const PDF_TYPES = new Set(['application/pdf']);

export interface LinkedPageReport {
  url: string;
  ok: boolean;
  /** Why the page was skipped, when it was. */
  reason: string | null;
  topics: number;
}

export interface CoursePageFacts extends CourseIdentity, ScheduleFacts {
  /** The course page URL after redirects. */
  url: string;
  /** The URL the textbook was read from. */
  textbookSource: string | null;
  /** The URL the topics were read from. */
  topicSource: string | null;
  headings: string[];
  keyPhrases: string[];
  /** Same-site syllabus/calendar/readings links of the course page (the followed ones are in `linkedPages`). */
  syllabusLinks: string[];
  resourceLinks: string[];
  license: { text: string; url: string } | null;
  linkedPages: LinkedPageReport[];
}

/** What one page yields, whatever its content type. */
interface PageReading extends CourseIdentity, ScheduleFacts {
  url: string;
  headings: string[];
  syllabusLinks: string[];
  resourceLinks: string[];
  license: { text: string; url: string } | null;
  text: string;
}

function decode(body: Uint8Array): string {
  return new TextDecoder('utf-8').decode(body).replace(/^\uFEFF/, '');
}

async function readPage(page: FetchedPage, signal: AbortSignal): Promise<PageReading> {
  const type = page.contentType.toLowerCase();
  if (HTML_TYPES.has(type)) {
    const f = extractCoursePage(decode(page.body), page.url);
    return {
      url: page.url,
      title: f.title,
      courseNumber: f.courseNumber,
      term: f.term,
      level: f.level,
      university: f.university,
      textbook: f.textbook,
      noTextbook: f.noTextbook,
      topics: f.schedule.topics,
      chapters: f.schedule.chapters,
      groups: f.schedule.groups,
      scheduleSource: f.schedule.source,
      headings: f.headings,
      syllabusLinks: f.syllabusLinks,
      resourceLinks: f.resourceLinks,
      license: f.license,
      text: f.text,
    };
  }
  const isPdf = PDF_TYPES.has(type);
  if (isPdf || TEXT_TYPES.has(type)) {
    const t = isPdf ? await analysePdf(page.body, signal) : analyseSyllabusText(decode(page.body));
    return {
      url: page.url,
      title: t.title,
      courseNumber: t.courseNumber,
      term: t.term,
      level: t.level,
      university: t.university,
      textbook: t.textbook,
      noTextbook: t.noTextbook,
      topics: t.topics,
      chapters: t.chapters,
      groups: t.groups,
      scheduleSource: t.scheduleSource,
      headings: t.headings,
      syllabusLinks: [],
      resourceLinks: [],
      license: null,
      text: t.text,
    };
  }
  throw new PipelineError('page_unsupported', `The page is ${page.contentType}; a course page must be HTML, PDF or text.`);
}

async function fetchAndRead(url: string, fetchPage: PageFetcher, signal: AbortSignal): Promise<PageReading> {
  let page: FetchedPage;
  try {
    page = await fetchPage(url, { signal });
  } catch (e) {
    if (isPipelineError(e)) throw e;
    if (signal.aborted) throw new PipelineError('aborted', 'The request was cancelled.', { cause: e });
    throw new PipelineError('page_unreachable', 'The course page could not be read.', { cause: e });
  }
  if (page.status >= 400) throw new PipelineError('page_unreachable', `The course page answered with HTTP ${page.status}.`);
  return readPage(page, signal);
}

/** Picks the page whose topics to use: a linked page beats headings/lists of the main page; the main page's own table wins. */
function pickTopics(main: PageReading, linked: readonly PageReading[]): PageReading | null {
  let best: PageReading | null = main.topics.length >= 2 ? main : null;
  for (const sub of linked) {
    if (sub.topics.length < 2) continue;
    if (best === null) {
      best = sub;
      continue;
    }
    const rs = SOURCE_RANK[sub.scheduleSource];
    const rb = SOURCE_RANK[best.scheduleSource];
    if (best === main) {
      if (main.scheduleSource === 'table' ? rs > rb : rs >= rb) best = sub;
    } else if (rs > rb || (rs === rb && sub.topics.length > best.topics.length)) {
      best = sub;
    }
  }
  return best;
}

/**
 * Reads a course page (HTML, PDF or text, by content type), then up to four of its same-host syllabus,
 * calendar, schedule, readings or lecture links in parallel. A linked page that fails is skipped. Results are
 * merged in link order: identity from the course page first; the textbook from the course page, else from a
 * linked page (unless the course page says there is none); topics from a linked calendar/readings page unless
 * the course page has its own schedule table.
 */
export async function analyseCoursePage(url: string, fetchPage: PageFetcher, signal: AbortSignal): Promise<CoursePageFacts> {
  let start: URL;
  try {
    start = new URL(url);
  } catch (e) {
    throw new PipelineError('bad_input', 'The course URL is not a valid address.', { cause: e });
  }
  if (start.protocol !== 'http:' && start.protocol !== 'https:') throw new PipelineError('bad_input', 'The course URL must start with http:// or https://.');

  const main = await fetchAndRead(start.href, fetchPage, signal);
  const mainUrl = new URL(main.url);
  const seen = new Set([start.href, mainUrl.href].map((u) => u.replace(/#.*$/, '')));
  const toFollow = main.syllabusLinks
    .filter((l) => {
      try {
        return new URL(l).host === mainUrl.host && !seen.has(l);
      } catch {
        return false;
      }
    })
    .slice(0, MAX_LINKED_PAGES);

  const settled = await Promise.allSettled(toFollow.map((l) => fetchAndRead(l, fetchPage, signal)));
  if (signal.aborted) throw new PipelineError('aborted', 'The request was cancelled.');

  const linked: PageReading[] = [];
  const reports: LinkedPageReport[] = [];
  settled.forEach((r, i) => {
    const link = toFollow[i] ?? '';
    if (r.status === 'rejected') {
      const reason: unknown = r.reason;
      reports.push({ url: link, ok: false, reason: reason instanceof Error ? reason.message : 'failed', topics: 0 });
      return;
    }
    if (new URL(r.value.url).host !== mainUrl.host) {
      reports.push({ url: link, ok: false, reason: 'redirected to another site', topics: 0 });
      return;
    }
    linked.push(r.value);
    reports.push({ url: link, ok: true, reason: null, topics: r.value.topics.length });
  });

  const all = [main, ...linked];
  const first = <K extends 'title' | 'courseNumber' | 'term' | 'level' | 'university'>(k: K): PageReading[K] =>
    all.map((p) => p[k]).find((v) => v !== null) ?? null;

  let textbook = main.textbook;
  let textbookSource: string | null = textbook !== null ? main.url : null;
  if (textbook === null && !main.noTextbook) {
    const sub = linked.find((p) => p.textbook !== null);
    if (sub !== undefined) {
      textbook = sub.textbook;
      textbookSource = sub.url;
    }
  }

  const topicPage = pickTopics(main, linked);
  const topics = topicPage?.topics ?? [];
  const keyText = [...all.map((p) => p.text), ...topics].join('\n');

  return {
    url: main.url,
    title: first('title'),
    courseNumber: first('courseNumber'),
    term: first('term'),
    level: first('level'),
    university: first('university'),
    textbook,
    noTextbook: main.noTextbook && textbook === null,
    textbookSource,
    topics,
    chapters: topicPage?.chapters ?? [],
    groups: topicPage?.groups ?? [],
    scheduleSource: topicPage?.scheduleSource ?? 'none',
    topicSource: topicPage?.url ?? null,
    headings: main.headings,
    keyPhrases: extractKeyPhrases(keyText),
    syllabusLinks: main.syllabusLinks,
    resourceLinks: dedupeBy(all.flatMap((p) => p.resourceLinks), (u) => u).slice(0, 200),
    license: main.license ?? linked.find((p) => p.license !== null)?.license ?? null,
    linkedPages: reports,
  };
}
