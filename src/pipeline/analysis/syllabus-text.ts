/** Course facts from pasted syllabus text: plain text, Markdown or OCW Hugo Markdown. Pure and deterministic. */
import type { Block } from './blocks';
import { sectionsOf } from './blocks';
import { cleanTitle, findCourseNumber, findLevel, findNumberedTitle, findTerm, findUniversity } from './course-facts';
import { parseHugoMarkdown } from './hugo-markdown';
import { extractKeyPhrases } from './keyphrases';
import { scheduleFromBlocks } from './schedule';
import type { Schedule } from './schedule';
import { findTextbook } from './textbook';
import type { CourseIdentity, ScheduleFacts } from './facts';
import { squash, stripEmphasisMarks } from './text';

export interface TextFacts extends CourseIdentity, ScheduleFacts {
  headings: string[];
  keyPhrases: string[];
  /** The text without markup. */
  text: string;
}

/** Pasted text beyond this many characters is ignored. */
export const MAX_TEXT_CHARS = 2_000_000;

const OTHER_COURSE_SECTION = /prereq|co-?req|related|follow[- ]?up|next course|see also|other courses|background/i;

interface Identity {
  title: string | null;
  courseNumber: string | null;
  term: string | null;
}

/** Title, number and term from front matter, top-level headings, the first lines and emphasised course names. */
function identity(fm: Readonly<Record<string, string>>, blocks: readonly Block[], text: string): Identity {
  let title: string | null = null;
  let courseNumber: string | null = null;
  let term: string | null = null;

  // front matter written by course sites (OCW course.json keys, or plain ones)
  const fmTitle = fm.course_title ?? fm.course ?? null;
  if (fmTitle !== null) title = cleanTitle(fmTitle);
  const fmNumber = fm.primary_course_number ?? fm.course_number ?? fm.number ?? null;
  if (fmNumber !== null) courseNumber = findCourseNumber(fmNumber) ?? squash(fmNumber);
  if (fm.term !== undefined) term = findTerm(`${fm.term} ${fm.year ?? ''}`);
  if (title === null && fm.title !== undefined) {
    const hit = findNumberedTitle(fm.title);
    if (hit !== null) {
      title = hit.title;
      courseNumber ??= hit.courseNumber;
    }
    term ??= findTerm(fm.title);
  }

  // level-1 headings and the first lines of the text
  const firstLines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 4);
  const h1s = blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 1).map((b) => b.text);
  for (const c of [...h1s, ...firstLines]) {
    const hit = findNumberedTitle(c);
    if (hit !== null) {
      title ??= hit.title;
      courseNumber ??= hit.courseNumber;
    }
    term ??= findTerm(c);
  }
  if (title === null) {
    for (const c of h1s) {
      title = cleanTitle(c);
      if (title !== null) break;
    }
  }

  // an emphasised or leading "6.0001 Introduction to …" outside prerequisite sections
  if (title === null || courseNumber === null) {
    outer: for (const sec of sectionsOf(blocks)) {
      if (sec.heading !== null && OTHER_COURSE_SECTION.test(sec.heading)) continue;
      for (const b of sec.blocks) {
        if (b.kind !== 'paragraph') continue;
        const spans = [...b.text.matchAll(/\*([^*]{3,200})\*/g)].map((m) => m[1] ?? '');
        for (const c of [...spans, b.text.split('\n')[0] ?? '']) {
          const hit = findNumberedTitle(c);
          if (hit !== null && (courseNumber === null || hit.courseNumber === courseNumber)) {
            title ??= hit.title;
            courseNumber ??= hit.courseNumber;
            break outer;
          }
        }
      }
    }
  }
  term ??= findTerm(text.slice(0, 4000));
  return { title, courseNumber, term };
}

/** Shared by text, Markdown and PDF inputs: facts from already-parsed blocks. */
export function analyseBlocks(blocks: readonly Block[], text: string, frontMatter: Readonly<Record<string, string>> = {}): TextFacts {
  const id = identity(frontMatter, blocks, text);
  const schedule: Schedule = scheduleFromBlocks(blocks);
  const tb = findTextbook(blocks);
  const head = text.split('\n').slice(0, 15).join('\n');
  const tail = text.split('\n').slice(-5).join('\n');
  const keySource = [text, ...schedule.topics].join('\n');
  return {
    title: id.title,
    courseNumber: id.courseNumber,
    term: id.term,
    level: findLevel(frontMatter.level ?? '') ?? findLevel(/\blevel\s*[:\u2013-]\s*([^\n]{0,40})/i.exec(head)?.[1] ?? ''),
    university: findUniversity(head) ?? findUniversity(tail),
    textbook: tb.textbook,
    noTextbook: tb.none,
    topics: schedule.topics,
    chapters: schedule.chapters,
    groups: schedule.groups,
    scheduleSource: schedule.source,
    headings: blocks.filter((b) => b.kind === 'heading').map((b) => (b.kind === 'heading' ? b.text : '')),
    keyPhrases: extractKeyPhrases(stripEmphasisMarks(keySource)),
    text,
  };
}

/**
 * Analyses pasted syllabus text (plain, Markdown or OCW Hugo Markdown; several pasted files may follow each
 * other, each with its own front matter): title/number/term when present, textbook, topics and key phrases.
 */
export function analyseSyllabusText(text: string): TextFacts {
  const parsed = parseHugoMarkdown(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text);
  return analyseBlocks(parsed.blocks, parsed.text, parsed.frontMatter);
}
