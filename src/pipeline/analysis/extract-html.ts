/**
 * Course facts from one HTML course page, with cheerio. Pure: no network, no script evaluation; the only links
 * reported for following are same-site syllabus/calendar/readings pages.
 */
import { load } from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Block, ListItem, Table, TableRow } from './blocks';
import { sectionsOf } from './blocks';
import { cleanTitle, findCourseNumber, findLevel, findNumberedTitle, findTerm, findUniversity, titleFromDocumentTitle } from './course-facts';
import { blocksToText } from './hugo-markdown';
import { scheduleFromBlocks } from './schedule';
import type { Schedule } from './schedule';
import { findTextbook } from './textbook';
import type { CourseIdentity } from './facts';
import { dedupeBy, squash, squashLines } from './text';

export interface PageFacts extends CourseIdentity {
  /** Headings of the main content, in order. */
  headings: string[];
  /** Every list item of the main content (own text, nested items included), in order. */
  listItems: string[];
  /** Lecture/week topics found on this page, in course order. */
  scheduleTopics: string[];
  /** The full schedule reading (source strength, entries, chapters, groups). */
  schedule: Schedule;
  /** Absolute same-site links whose text or path suggests a syllabus, calendar, schedule, readings or lectures page. */
  syllabusLinks: string[];
  /** Other absolute http(s) links of the page outside the site header and footer. */
  resourceLinks: string[];
  license: { text: string; url: string } | null;
  /** Plain text of the main content. */
  text: string;
  /** The main content as blocks (for callers that want to run other extractors). */
  blocks: Block[];
}

const kindOf = (n: AnyNode): string => String(n.type);
const isElement = (n: AnyNode): n is Element => ['tag', 'script', 'style'].includes(kindOf(n));
const textOf = (n: AnyNode): string | null => (kindOf(n) === 'text' ? (n as unknown as { data: string }).data : null);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'img', 'picture', 'video', 'audio', 'canvas', 'form', 'button', 'select', 'input', 'textarea', 'object', 'embed', 'head', 'meta', 'link']);
const CHROME_TAGS = new Set(['nav', 'aside', 'footer', 'header']);
const EMPHASIS_TAGS = new Set(['em', 'i', 'cite']);
const BLOCK_TAGS = new Set(['p', 'blockquote', 'pre', 'address', 'figcaption', 'dt', 'dd', 'caption', 'summary', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'section', 'article', 'div', 'main', 'dl', 'figure', 'details', 'li', 'tr', 'td', 'th']);

/** Inline text of a node; emphasis kept as `*…*` when `emphasis` is set, `<br>` as a line break. */
function inlineText(node: AnyNode, emphasis: boolean): string {
  const text = textOf(node);
  if (text !== null) return text;
  if (!isElement(node)) return '';
  const tag = node.tagName.toLowerCase();
  if (SKIP_TAGS.has(tag)) return '';
  if (tag === 'br') return '\n';
  const inner = node.children.map((c) => inlineText(c, emphasis)).join('');
  if (emphasis && EMPHASIS_TAGS.has(tag) && inner.trim() !== '') return ` *${inner.trim()}* `;
  if (BLOCK_TAGS.has(tag)) return `\n${inner}\n`;
  return inner;
}

function listItems(list: Element, depth: number, out: ListItem[]): void {
  for (const li of list.children) {
    if (!isElement(li) || li.tagName.toLowerCase() !== 'li') continue;
    const own = li.children.filter((c) => !(isElement(c) && /^(ul|ol)$/i.test(c.tagName)));
    const text = squash(own.map((c) => inlineText(c, false)).join(' '));
    if (text !== '') out.push({ text, depth });
    for (const c of li.children) if (isElement(c) && /^(ul|ol)$/i.test(c.tagName)) listItems(c, depth + 1, out);
  }
}

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const visit = (n: Element): void => {
    for (const c of n.children) {
      if (!isElement(c)) continue;
      const t = c.tagName.toLowerCase();
      if (t === 'tr') rows.push(c);
      else if (t === 'thead' || t === 'tbody' || t === 'tfoot') visit(c);
    }
  };
  visit(table);
  return rows;
}

function parseTable(table: Element): Table {
  const header: string[] = [];
  const rows: TableRow[] = [];
  for (const tr of rowsOf(table)) {
    const cells = tr.children.filter((c): c is Element => isElement(c) && /^(td|th)$/i.test(c.tagName));
    const texts = cells.map((c) => squash(inlineText(c, false).replace(/\n+/g, '; ')).replace(/^(?:;\s*)+|(?:;\s*)+$/g, ''));
    const inHead = tr.parent !== null && isElement(tr.parent) && tr.parent.tagName.toLowerCase() === 'thead';
    const allTh = cells.length > 0 && cells.every((c) => c.tagName.toLowerCase() === 'th');
    if ((inHead || allTh) && header.length === 0 && rows.length === 0) {
      header.push(...texts);
      continue;
    }
    const span = Number(cells[0]?.attribs.colspan ?? '1');
    rows.push({ cells: texts, spanning: cells.length === 1 && span > 1 });
  }
  return { header, rows };
}

/** Converts a content element into blocks. */
export function elementToBlocks(root: { children: AnyNode[] }): Block[] {
  const out: Block[] = [];
  let loose = '';
  let pendingId: string | null = null;
  const flushLoose = (): void => {
    const t = squashLines(loose);
    if (t !== '') out.push({ kind: 'paragraph', text: t });
    loose = '';
  };
  const walk = (node: AnyNode): void => {
    const text = textOf(node);
    if (text !== null) {
      loose += text;
      return;
    }
    if (!isElement(node)) return;
    const tag = node.tagName.toLowerCase();
    if (SKIP_TAGS.has(tag) || CHROME_TAGS.has(tag)) return;
    if (node.attribs.hidden !== undefined || node.attribs['aria-hidden'] === 'true') return;
    const h = /^h([1-6])$/.exec(tag);
    if (h?.[1] !== undefined) {
      flushLoose();
      const text = squash(inlineText(node, false));
      if (text !== '') out.push({ kind: 'heading', level: Number(h[1]), text, id: node.attribs.id ?? pendingId });
      pendingId = null;
      return;
    }
    if (tag === 'ul' || tag === 'ol') {
      flushLoose();
      const items: ListItem[] = [];
      listItems(node, 0, items);
      if (items.length > 0) out.push({ kind: 'list', ordered: tag === 'ol', items });
      return;
    }
    if (tag === 'table') {
      flushLoose();
      const table = parseTable(node);
      if (table.rows.length > 0) out.push({ kind: 'table', table });
      return;
    }
    if (/^(p|blockquote|pre|address|figcaption|dt|dd|caption|summary)$/.test(tag)) {
      flushLoose();
      const text = squashLines(inlineText(node, true));
      if (text !== '') out.push({ kind: 'paragraph', text });
      return;
    }
    if (tag === 'br') {
      loose += '\n';
      return;
    }
    if (BLOCK_TAGS.has(tag)) {
      flushLoose();
      if ((tag === 'section' || tag === 'article') && node.attribs.id !== undefined) pendingId = node.attribs.id;
      for (const c of node.children) walk(c);
      flushLoose();
      return;
    }
    // an inline element sitting directly in a block container
    loose += inlineText(node, true);
  };
  for (const c of root.children) walk(c);
  flushLoose();
  return out;
}

// ---------------------------------------------------------------------------------------------------------

const SYLLABUS_WORDS = /\b(?:syllabus|calendar|schedule|readings?|lectures?|lecture notes|topics|outline|course outline|course info(?:rmation)?)\b/i;
const SYLLABUS_PRIORITY: ReadonlyArray<RegExp> = [/calendar|schedule/i, /readings?/i, /syllabus|outline|info/i, /lectures?|topics/i];
const BINARY_EXT = /\.(?:zip|mp4|mp3|m4a|mov|avi|jpe?g|png|gif|svg|webp|ipynb|py|r|tar|gz|tgz|docx?|pptx?|xlsx?|csv|json|xml)$/i;

/** True when the element sits in the site header or footer (a plain parent walk; much cheaper than `closest`). */
function insideChrome(el: Element): boolean {
  for (let p: AnyNode | null = el.parent; p !== null; p = p.parent) {
    if (!isElement(p)) continue;
    const e = p;
    const tag = e.tagName.toLowerCase();
    if (tag === 'header' || tag === 'footer') return true;
    const role = e.attribs.role;
    if (role === 'banner' || role === 'contentinfo') return true;
  }
  return false;
}

function stripHash(u: URL): string {
  const c = new URL(u.href);
  c.hash = '';
  return c.href;
}

function labelled($: CheerioAPI, pattern: RegExp): string | null {
  let found: string | null = null;
  $('dt, th').each((_i, el) => {
    if (found !== null) return;
    if (!pattern.test(squash($(el).text()))) return;
    const next = $(el).next('dd, td');
    const v = squash(next.text());
    if (v !== '') found = v;
  });
  return found;
}

function firstText($: CheerioAPI, selector: string): string | null {
  const t = squash($(selector).first().text());
  return t === '' ? null : t;
}

/** HTML beyond this many characters is ignored. */
export const MAX_HTML_CHARS = 5_000_000;

/** Sections whose emphasised course numbers belong to other courses. */
const OTHER_COURSE_SECTION = /prereq|co-?req|related|follow[- ]?up|next course|see also|other courses|background/i;

function numberedTitleInBlocks(blocks: readonly Block[]): { courseNumber: string; title: string } | null {
  for (const sec of sectionsOf(blocks)) {
    if (sec.heading !== null && OTHER_COURSE_SECTION.test(sec.heading)) continue;
    const candidates: string[] = sec.heading !== null ? [sec.heading] : [];
    for (const b of sec.blocks) {
      if (b.kind === 'paragraph') {
        for (const m of b.text.matchAll(/\*([^*]{3,200})\*/g)) if (m[1] !== undefined) candidates.push(m[1]);
        const firstLine = b.text.split('\n')[0];
        if (firstLine !== undefined && firstLine.length < 200) candidates.push(firstLine);
      }
    }
    for (const c of candidates) {
      const hit = findNumberedTitle(c);
      if (hit !== null) return hit;
    }
  }
  return null;
}

/**
 * Extracts course facts from an HTML page. Main content is `<main>`, `[role=main]` or `<article>` (else
 * `<body>`), without nav, header, footer, aside, scripts and styles. Links are resolved against `pageUrl`.
 */
export function extractCoursePage(html: string, pageUrl: string): PageFacts {
  if (html.length > MAX_HTML_CHARS) html = html.slice(0, MAX_HTML_CHARS);
  // htmlparser2 in HTML mode: several times faster than parse5 and lenient enough for course pages
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const page = new URL(pageUrl);
  const self = stripHash(page);

  // --- metadata from the whole document, before the chrome is dropped
  const docTitle = squash($('title').first().text());
  const ogTitle = squash($('meta[property="og:title"]').attr('content') ?? '');
  const siteName = squash($('meta[property="og:site_name"]').attr('content') ?? '');
  const structuredTitle = firstText($, '[class*="course-title"], [itemprop="name"]');
  const structuredNumber = firstText($, '[class*="course-number"], [itemprop="courseCode"]') ?? labelled($, /^(?:course|subject|class)\s*(?:number|code|id|no\.?)$/i);
  const structuredTerm = firstText($, '[class*="course-term"], [class*="course-semester"]') ?? labelled($, /^(?:as taught in|term|semester|session|offered|quarter)$/i);
  const structuredLevel = firstText($, '[class*="course-level"], [itemprop="educationalLevel"]') ?? labelled($, /^(?:level|course level)$/i);
  const bannerText = squash($('[class*="course-banner"], [class*="course-meta"], [class*="course-header"], [role="banner"]').text());
  const footerText = squash($('footer, [role="contentinfo"]').text());

  let license: { text: string; url: string } | null = null;
  const licA = $('a[rel~="license"]').first();
  const licHref = licA.attr('href') ?? $('link[rel~="license"]').first().attr('href');
  if (licHref !== undefined) {
    try {
      license = { text: squash(licA.text()), url: new URL(licHref, page).href };
    } catch {
      license = null;
    }
  }

  // --- links
  const syllabus: Array<{ url: string; prio: number; order: number }> = [];
  const resources: string[] = [];
  $('a[href]').each((i, el) => {
    const a = $(el);
    const href = (a.attr('href') ?? '').trim();
    if (href === '' || /^(?:#|javascript:|mailto:|tel:|data:)/i.test(href)) return;
    if (/\blicense\b/i.test(a.attr('rel') ?? '')) return;
    let abs: URL;
    try {
      abs = new URL(href, page);
    } catch {
      return;
    }
    if (abs.protocol !== 'http:' && abs.protocol !== 'https:') return;
    const url = stripHash(abs);
    if (url === self || a.attr('aria-current') === 'page') return;
    const inChrome = insideChrome(el);
    const text = squash(a.text());
    const pathWords = decodeURIComponent(abs.pathname).replace(/[/_.-]+/g, ' ');
    if (abs.host === page.host && !inChrome && !BINARY_EXT.test(abs.pathname) && (SYLLABUS_WORDS.test(text) || SYLLABUS_WORDS.test(pathWords))) {
      const key = `${text} ${pathWords}`;
      const prio = SYLLABUS_PRIORITY.findIndex((re) => re.test(key));
      syllabus.push({ url, prio: prio < 0 ? SYLLABUS_PRIORITY.length : prio, order: i });
    } else if (!inChrome) {
      resources.push(url);
    }
  });
  syllabus.sort((x, y) => x.prio - y.prio || x.order - y.order);
  const syllabusLinks = dedupeBy(syllabus, (s) => s.url).map((s) => s.url);
  const resourceLinks = dedupeBy(resources, (u) => u).slice(0, 200);

  // --- main content
  const root = $('main').first().get(0) ?? $('[role="main"]').first().get(0) ?? $('article').first().get(0) ?? $('body').first().get(0);
  const doc = $.root().get(0);
  const blocks = root !== undefined ? elementToBlocks(root) : doc !== undefined ? elementToBlocks(doc) : [];
  const schedule = scheduleFromBlocks(blocks);
  const tb = findTextbook(blocks);

  // --- identity
  const mainH1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  const h1 = mainH1?.kind === 'heading' ? mainH1.text : firstText($, 'h1');
  const titleCandidates = [structuredTitle, ogTitle, h1].filter((t): t is string => t !== null && t !== '');
  let title: string | null = null;
  for (const c of titleCandidates) {
    title = cleanTitle(c);
    if (title !== null) break;
  }
  title ??= titleFromDocumentTitle(docTitle);
  const numbered = numberedTitleInBlocks(blocks);
  title ??= numbered?.title ?? null;

  const courseNumber =
    (structuredNumber !== null ? findCourseNumber(structuredNumber) ?? structuredNumber : null) ??
    [...titleCandidates, docTitle, bannerText].map(findCourseNumber).find((n) => n !== null) ??
    numbered?.courseNumber ??
    null;
  const term =
    (structuredTerm !== null ? findTerm(structuredTerm) ?? structuredTerm : null) ??
    [...titleCandidates, docTitle, bannerText].map(findTerm).find((t) => t !== null) ??
    findTerm(blocksToText(blocks.slice(0, 12))) ??
    findTerm(footerText);
  const level = (structuredLevel !== null ? findLevel(structuredLevel) ?? structuredLevel : null) ?? findLevel(bannerText);
  const university = [siteName, footerText, docTitle, bannerText].map(findUniversity).find((u) => u !== null) ?? null;

  return {
    title,
    courseNumber,
    term,
    level,
    university,
    textbook: tb.textbook,
    noTextbook: tb.none,
    headings: blocks.filter((b) => b.kind === 'heading').map((b) => b.text),
    listItems: blocks.flatMap((b) => (b.kind === 'list' ? b.items.map((it) => it.text) : [])),
    scheduleTopics: schedule.topics,
    schedule,
    syllabusLinks,
    resourceLinks,
    license,
    text: blocksToText(blocks),
    blocks,
  };
}
