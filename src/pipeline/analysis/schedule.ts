/**
 * Lecture, week and chapter topics from calendar tables, labelled lists and headings ("Week 3: Sorting"),
 * in course order, leaving out exams, reviews, holidays and "no class" rows. Pure and deterministic.
 */
import type { Block, Table } from './blocks';
import { dedupeText, normKey, squash, stripEmphasisMarks } from './text';

/** `lecture`: a lecture/class row; `secondary`: recitation, studio, lab; `skip`: exam, review, holiday. */
export type SessionKind = 'lecture' | 'secondary' | 'skip' | 'other';

export interface ScheduleEntry {
  /** The session or heading label as written ("L3", "Class 5a", "Week 2"), or null. */
  label: string | null;
  kind: SessionKind;
  topic: string;
  /** Finer topics listed under a titled heading (e.g. bullets under "Week 3: Sorting"). */
  subtopics: string[];
  /** The unit, part or week the entry sits in, when the source groups them. */
  group: string | null;
}

/**
 * Where topics came from, strongest first: a calendar table, labelled lines ("Class 3: …") or a PDF outline,
 * a list under a schedule heading, numbered lines.
 */
export type ScheduleSource = 'table' | 'labelled' | 'outline' | 'list' | 'numbered' | 'none';

export const SOURCE_RANK: Readonly<Record<ScheduleSource, number>> = { table: 4, labelled: 3, outline: 3, list: 2, numbered: 1, none: 0 };

export interface Schedule {
  source: ScheduleSource;
  entries: ScheduleEntry[];
  /** Kept topics in course order, de-duplicated. */
  topics: string[];
  /** One chapter per kept topic, with its subtopics. */
  chapters: Array<{ title: string; topics: string[] }>;
  /** Units/weeks that group the topics, when the source has them ("Random vectors", "Week 3"). */
  groups: Array<{ title: string; topics: string[] }>;
}

export type HeadingKind =
  | 'week'
  | 'chapter'
  | 'lecture'
  | 'class'
  | 'session'
  | 'unit'
  | 'module'
  | 'part'
  | 'topic'
  | 'lesson'
  | 'day'
  | 'section'
  | 'recitation'
  | 'studio'
  | 'lab'
  | 'tutorial'
  | 'numbered';

export interface HeadingMatch {
  kind: HeadingKind;
  /** "3", "5a", "IV", "3.2". */
  number: string;
  /** The topic after the label, or null for a bare "Week 1". */
  title: string | null;
}

const LABEL_KINDS: ReadonlyArray<[RegExp, HeadingKind]> = [
  [/^(?:week|wk\.?)$/i, 'week'],
  [/^(?:chapter|chap\.?|ch\.?)$/i, 'chapter'],
  [/^(?:lecture|lec\.?|l)$/i, 'lecture'],
  [/^class$/i, 'class'],
  [/^(?:session|ses\.?)$/i, 'session'],
  [/^unit$/i, 'unit'],
  [/^(?:module|mod\.?)$/i, 'module'],
  [/^part$/i, 'part'],
  [/^topic$/i, 'topic'],
  [/^lesson$/i, 'lesson'],
  [/^day$/i, 'day'],
  [/^(?:section|sec\.?|§)$/i, 'section'],
  [/^(?:recitation|rec\.?|r)$/i, 'recitation'],
  [/^studio$/i, 'studio'],
  [/^lab$/i, 'lab'],
  [/^(?:tutorial|tut\.?)$/i, 'tutorial'],
];

const HEADING_RE =
  /^(?:#{1,6}\s*)?(?:[-*+\u2022]\s+)?(week|wk\.?|chapter|chap\.?|ch\.?|lecture|lec\.?|class|session|ses\.?|unit|module|mod\.?|part|topic|lesson|day|section|sec\.?|§|recitation|rec\.?|studio|lab|tutorial|tut\.?|[LR](?=\d))\s*#?\s*(\d{1,3}(?:\.\d{1,3})*[a-z]?|[IVXLC]{1,6}\b)(?:\s*(?:-|\u2013|\u2014|&|and|,)\s*\d{1,3}[a-z]?)?(\s*[:.)|\u2013\u2014-]\s*|\s+|$)(.*)$/i;
const NUMBERED_RE = /^(?:#{1,6}\s*)?(\d{1,2})[.)]\s+(\S.*)$/;

function cleanTopic(raw: string): string {
  return squash(stripEmphasisMarks(raw))
    .replace(/^[\s:|.\u2013\u2014-]+/, '')
    .replace(/\s*[:;,]$/, '')
    .trim();
}

function validTitle(t: string, strict: boolean): boolean {
  if (t.length < 2 || t.length > 200) return false;
  const words = t.split(/\s+/).length;
  if (words > 20) return false;
  if (strict) {
    if (!/^[\p{Lu}\d"“(]/u.test(t)) return false;
    if (words > 14) return false;
    if (/\.$/.test(t) && words > 8) return false; // a sentence
  }
  return /\p{L}{2}/u.test(t);
}

/**
 * Recognises a schedule heading or line: "Week 3: Sorting", "Chapter 4 - Integration", "Lecture 12. Hypothesis
 * testing", "Unit 2: …", "Module 5 …", "Class 5a: …", "L3 Independence", and numbered lines "1. Intro".
 * Returns null for anything else (including "1.5 hours" and "Class participation").
 */
export function parseScheduleHeading(line: string): HeadingMatch | null {
  if (line.length > 500) return null;
  const s = squash(stripEmphasisMarks(line));
  const m = HEADING_RE.exec(s);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    const labelWord = m[1];
    // a roman numeral must be upper case ("Part II", not "Part ii" or "Part of")
    if (/^[ivxlc]+$/i.test(m[2]) && m[2] !== m[2].toUpperCase()) return null;
    const kind = LABEL_KINDS.find(([re]) => re.test(labelWord))?.[1] ?? 'section';
    const rest = cleanTopic(m[4] ?? '');
    if (rest === '') return { kind, number: m[2], title: null };
    // after a bare space, a lowercase word ("Day 1 of the course") is prose, not a title
    const explicitSep = /[:.)|\u2013\u2014-]/.test(m[3] ?? '');
    if (!validTitle(rest, !explicitSep)) return null;
    return { kind, number: m[2], title: rest };
  }
  const n = NUMBERED_RE.exec(s);
  if (n?.[1] !== undefined && n[2] !== undefined) {
    const t = cleanTopic(n[2]);
    if (!validTitle(t, true)) return null;
    return { kind: 'numbered', number: n[1], title: t };
  }
  return null;
}

const LECTURE_KINDS = new Set<HeadingKind>(['lecture', 'class', 'session']);
const SECONDARY_KINDS = new Set<HeadingKind>(['recitation', 'studio', 'lab', 'tutorial']);

const NON_TOPIC = [
  // "Exam 1", "Final Exam", "R Quiz", "Midterm", "Quiz 2", "In-class midterm exam 2"
  /^(?:[\w-]+\s+){0,2}(?:exams?|quiz(?:zes)?|midterms?|mid-terms?|final)(?:\s+(?:exam|quiz))?(?:\s*#?\s*\d+)?(?:\s*\(.*\))?$/i,
  /^(?:midterm\s+|final\s+|unit\s+)?test(?:\s*#?\s*\d+)?$/i,
  // "Review for Exam 1", "Pre-final review", "Final review", "Review session", "Exam review"
  /^(?:[\w-]+\s+)?review(?:\s+(?:for|session|sessions|before)\b.*|\s*\d*)$/i,
  /\breview\s+(?:for|before)\s+(?:the\s+)?(?:exam|quiz|midterm|final)/i,
  /\b(?:no\s+class(?:es)?|no\s+lecture|no\s+recitation|class\s+cancel+ed|holiday|vacation|recess|spring\s+break|fall\s+break|thanksgiving|reading\s+(?:period|week)|(?:columbus|patriots'?|veterans|memorial|labor|presidents'?|indigenous\s+peoples'?)\s+day|add\s+date|drop\s+date|registration\s+day)\b/i,
  /^(?:exam|quiz|midterm|final)\s*(?:\d+\s*)?(?:[:-]|\()/i,
];

/** True for rows that are not course content: exams, quizzes, reviews, holidays, "no class". */
export function isNonTopic(topic: string): boolean {
  const t = squash(topic);
  return t.length === 0 || NON_TOPIC.some((re) => re.test(t));
}

function kindOfLabel(label: string | null): SessionKind {
  if (label === null) return 'other';
  const l = squash(label);
  if (/^\d{1,3}[a-z]?$/i.test(l)) return 'lecture';
  if (/^(?:exam|quiz|midterm|final|review|holiday)\b/i.test(l)) return 'skip';
  const m = HEADING_RE.exec(l);
  if (m?.[1] !== undefined) {
    const kind = LABEL_KINDS.find(([re]) => re.test(m[1] ?? ''))?.[1];
    if (kind !== undefined && LECTURE_KINDS.has(kind)) return 'lecture';
    if (kind !== undefined && SECONDARY_KINDS.has(kind)) return 'secondary';
  }
  return 'other';
}

export function classifySession(label: string | null, topic: string): SessionKind {
  if (isNonTopic(topic)) return 'skip';
  return kindOfLabel(label);
}

// ---------------------------------------------------------------------------------------------------------
// Tables

const TOPIC_HEADER_STRONG = /\btopics?\b|\bsubjects?\b|\btitles?\b/i;
const TOPIC_HEADER_WEAK = /^(?:lectures?|contents?|description|theme|lecture\s+title|class|material|what we(?:'|’)ll cover)$/i;
const NOT_TOPIC_HEADER = /\b(?:notes|readings?|assignments?|due|dates?|slides|videos?|handouts?|examples?|key|homework|problem|psets?|ses|session\s*#|#|no\.?|number|percent\w*|weights?|activit\w+|points|grade)\b/i;
const LABEL_HEADER = /\b(?:ses|session|lec|lecture\s*#|class|#|no\.?|number|week|day|date|unit)\b/i;

/** The topic column of a schedule table, or -1 when the table is not a schedule (e.g. a grading table). */
export function topicColumn(table: Table): number {
  let best = -1;
  let bestScore = 0;
  table.header.forEach((h, i) => {
    const t = squash(h);
    let score = 0;
    if (TOPIC_HEADER_STRONG.test(t)) score = 3;
    else if (TOPIC_HEADER_WEAK.test(t)) score = 2;
    if (score > 0 && NOT_TOPIC_HEADER.test(t) && !/\btopics?\b/i.test(t)) score = 0;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  if (best < 0) return -1;
  // the column must hold words, not just numbers
  const cells = table.rows.filter((r) => !r.spanning).map((r) => squash(r.cells[best] ?? ''));
  const wordy = cells.filter((c) => /\p{L}{3}/u.test(c)).length;
  return wordy >= Math.max(1, Math.ceil(cells.length / 2)) ? best : -1;
}

function labelColumn(table: Table, topicCol: number): number {
  const idx = table.header.findIndex((h, i) => i !== topicCol && LABEL_HEADER.test(squash(h)));
  if (idx >= 0) return idx;
  return topicCol === 0 ? -1 : 0;
}

/** Entries of a schedule table, or null when the table has no topic column. */
export function scheduleFromTable(table: Table): ScheduleEntry[] | null {
  const tc = topicColumn(table);
  if (tc < 0) return null;
  const lc = labelColumn(table, tc);
  const out: ScheduleEntry[] = [];
  let group: string | null = null;
  for (const row of table.rows) {
    if (row.spanning) {
      const g = cleanTopic(row.cells.find((c) => c.trim() !== '') ?? '');
      group = g === '' ? group : g;
      continue;
    }
    const topic = cleanTopic(row.cells[tc] ?? '');
    if (topic === '') continue;
    const label = lc >= 0 ? squash(row.cells[lc] ?? '') || null : null;
    out.push({ label, kind: classifySession(label, topic), topic, subtopics: [], group });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Blocks

const SCHEDULE_HEADING =
  /^(?:course\s+|class\s+|weekly\s+|lecture\s+|tentative\s+)?(?:calendar|schedule|outline|topics|contents?|lectures?|syllabus\s+outline|topics\s+covered|list\s+of\s+topics|topic\s+outline|course\s+content|lecture\s+schedule|lecture\s+topics|reading\s+schedule)\s*:?$/i;

function entryFromMatch(m: HeadingMatch, raw: string, group: string | null): ScheduleEntry {
  const label = squash(raw).slice(0, squash(raw).indexOf(m.number) + m.number.length).replace(/^[#\-*+\u2022\s]+/, '');
  const kind: SessionKind = isNonTopic(m.title ?? '')
    ? 'skip'
    : LECTURE_KINDS.has(m.kind)
      ? 'lecture'
      : SECONDARY_KINDS.has(m.kind)
        ? 'secondary'
        : 'other';
  return { label: label || null, kind, topic: m.title ?? '', subtopics: [], group };
}

function labelledEntries(blocks: readonly Block[]): ScheduleEntry[] {
  const out: ScheduleEntry[] = [];
  let group: string | null = null;
  /** The last titled heading entry, which collects unlabelled bullets under it. */
  let parent: ScheduleEntry | null = null;
  for (const b of blocks) {
    if (b.kind === 'heading') {
      const m = parseScheduleHeading(b.text);
      if (m !== null && m.kind !== 'numbered' && m.title !== null) {
        const e = entryFromMatch(m, b.text, group);
        out.push(e);
        parent = e;
      } else {
        group = cleanTopic(b.text) || null;
        parent = null;
      }
      continue;
    }
    if (b.kind === 'list') {
      const matches = b.items.map((it) => (it.depth === 0 ? parseScheduleHeading(it.text) : null));
      const labelled = matches.filter((m) => m !== null && m.kind !== 'numbered' && m.title !== null).length;
      if (labelled === 0) {
        if (parent !== null) for (const it of b.items) parent.subtopics.push(cleanTopic(it.text));
        continue;
      }
      let itemParent: ScheduleEntry | null = null;
      for (let i = 0; i < b.items.length; i++) {
        const it = b.items[i];
        const m = matches[i];
        if (it === undefined) continue;
        if (m !== null && m !== undefined && m.kind !== 'numbered' && m.title !== null) {
          itemParent = entryFromMatch(m, it.text, group);
          out.push(itemParent);
        } else if (it.depth > 0 && itemParent !== null) {
          itemParent.subtopics.push(cleanTopic(it.text));
        } else if (it.depth === 0) {
          const topic = cleanTopic(it.text);
          if (topic !== '') out.push({ label: null, kind: classifySession(null, topic), topic, subtopics: [], group });
        }
      }
      continue;
    }
    if (b.kind === 'paragraph') {
      for (const line of b.text.split('\n')) {
        const m = parseScheduleHeading(line);
        if (m !== null && m.kind !== 'numbered' && m.title !== null) {
          const e = entryFromMatch(m, line, group);
          out.push(e);
          parent = e;
        }
      }
    }
  }
  return out;
}

function listEntries(blocks: readonly Block[]): ScheduleEntry[] {
  const out: ScheduleEntry[] = [];
  let under: string | null = null;
  for (const b of blocks) {
    if (b.kind === 'heading') {
      under = SCHEDULE_HEADING.test(squash(b.text)) ? squash(b.text) : null;
      continue;
    }
    if (under === null || b.kind !== 'list') continue;
    let last: ScheduleEntry | null = null;
    for (const it of b.items) {
      const topic = cleanTopic(it.text);
      if (topic === '' || !validTitle(topic, false)) continue;
      if (it.depth > 0 && last !== null) {
        last.subtopics.push(topic);
        continue;
      }
      last = { label: null, kind: classifySession(null, topic), topic, subtopics: [], group: under };
      out.push(last);
    }
  }
  return out;
}

/** Sections whose numbered items are goals or rules, not course content. */
const NOT_SCHEDULE_HEADING = /goal|objective|outcome|polic|grading|requirement|expectation|prerequisite|rule|assessment|collaboration|integrity/i;

function numberedEntries(blocks: readonly Block[]): ScheduleEntry[] {
  let best: ScheduleEntry[] = [];
  let run: ScheduleEntry[] = [];
  let expected = 1;
  let excluded = false;
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = [];
    expected = 1;
  };
  const add = (n: number, title: string): void => {
    if (n !== expected) end();
    if (n !== 1 && n !== expected) return;
    run.push({ label: String(n), kind: classifySession(null, title), topic: title, subtopics: [], group: null });
    expected = n + 1;
  };
  for (const b of blocks) {
    if (b.kind === 'heading') {
      excluded = NOT_SCHEDULE_HEADING.test(b.text);
      const m = parseScheduleHeading(b.text);
      if (m?.kind === 'numbered' && m.title !== null && !excluded) add(Number(m.number), m.title);
      continue;
    }
    if (excluded) continue;
    if (b.kind === 'paragraph') {
      for (const line of b.text.split('\n')) {
        const m = parseScheduleHeading(line);
        if (m?.kind === 'numbered' && m.title !== null) add(Number(m.number), m.title);
      }
    } else if (b.kind === 'list' && b.ordered) {
      // an ordered list's numbers are implicit; every item must read like a title
      const items = b.items.filter((it) => it.depth === 0).map((it) => cleanTopic(it.text));
      if (items.every((t) => validTitle(t, true))) {
        end();
        items.forEach((t, i) => add(i + 1, t));
        end();
      }
    }
  }
  end();
  return best.length >= 3 ? best : [];
}

function finish(source: ScheduleSource, entries: ScheduleEntry[]): Schedule {
  const hasLecture = entries.some((e) => e.kind === 'lecture');
  const kept = entries.filter((e) => e.kind !== 'skip' && !(hasLecture && e.kind === 'secondary') && e.topic !== '');
  const topics = dedupeText(kept.map((e) => e.topic));
  const chapters: Array<{ title: string; topics: string[] }> = [];
  const byKey = new Map<string, { title: string; topics: string[] }>();
  for (const e of kept) {
    const k = normKey(e.topic);
    let ch = byKey.get(k);
    if (ch === undefined) {
      ch = { title: e.topic, topics: [] };
      byKey.set(k, ch);
      chapters.push(ch);
    }
    ch.topics = dedupeText([...ch.topics, ...e.subtopics.filter((s) => s !== '')]);
  }
  const groups: Array<{ title: string; topics: string[] }> = [];
  for (const e of kept) {
    if (e.group === null) continue;
    const g = groups[groups.length - 1];
    if (g !== undefined && g.title === e.group) {
      if (!g.topics.some((t) => normKey(t) === normKey(e.topic))) g.topics.push(e.topic);
    } else {
      groups.push({ title: e.group, topics: [e.topic] });
    }
  }
  return { source, entries, topics, chapters, groups };
}

export const EMPTY_SCHEDULE: Schedule = { source: 'none', entries: [], topics: [], chapters: [], groups: [] };

/**
 * The schedule of a document: from its calendar tables when it has any, else from labelled lines and headings
 * ("Class 3: …", "Week 2: …"), else from lists under a "Schedule"/"Topics" heading, else from a run of
 * numbered lines. Exams, reviews and holidays are left out; when lecture rows are marked, recitation/studio
 * rows are left out too. Order is kept and topics are de-duplicated.
 */
export function scheduleFromBlocks(blocks: readonly Block[]): Schedule {
  const tableEntries: ScheduleEntry[] = [];
  for (const b of blocks) {
    if (b.kind !== 'table') continue;
    const e = scheduleFromTable(b.table);
    if (e !== null) tableEntries.push(...e);
  }
  const tiers: Array<[ScheduleSource, () => ScheduleEntry[]]> = [
    ['table', () => tableEntries],
    ['labelled', () => labelledEntries(blocks)],
    ['list', () => listEntries(blocks)],
    ['numbered', () => numberedEntries(blocks)],
  ];
  for (const [source, get] of tiers) {
    const s = finish(source, get());
    if (s.topics.length >= 2) return s;
  }
  return EMPTY_SCHEDULE;
}

/** Chapter titles from a list of outline entries (PDF bookmarks): labels dropped, order kept. */
export function chaptersFromOutline(titles: readonly string[]): string[] {
  return dedupeText(
    titles
      .map((t) => {
        const m = parseScheduleHeading(t);
        return m?.title ?? cleanTopic(t);
      })
      .filter((t) => t !== '' && !isNonTopic(t)),
  );
}
