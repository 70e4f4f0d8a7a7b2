/** Course number, term, level, university and title patterns. Pure string functions. */
import { squash } from './text';

/** Words that look like a department code but are not one ("ISBN 978…", "CC BY 4.0", "ROOM 10"). */
const NOT_DEPARTMENTS = new Set([
  'ISBN', 'BY', 'NC', 'SA', 'ND', 'CC', 'AM', 'PM', 'ROOM', 'PAGE', 'PAGES', 'PP', 'NO', 'VOL', 'CH', 'SEC',
  'WEEK', 'UNIT', 'PART', 'TO', 'OF', 'IN', 'ON', 'AT', 'AND', 'OR', 'THE', 'A', 'AN', 'PS', 'HW', 'PSET', 'ID', 'PDF',
  'HTML', 'HTTP', 'HTTPS', 'URL', 'TA', 'TAS', 'RM', 'BLDG', 'UTC', 'GMT', 'EST', 'PST', 'FALL', 'SPRING', 'SUMMER',
  'WINTER', 'IAP', 'MIT', 'OCW', 'ED', 'EDITION', 'LEC', 'REC', 'SES', 'QUIZ', 'EXAM', 'TEST', 'LAB', 'MIDTERM', 'FINAL',
  'OPTION', 'GRADE', 'CLASS', 'STUDIO', 'PYTHON', 'JAVA', 'PROBLEM', 'SET', 'MINUTES', 'HOURS', 'ACT', 'SAT', 'GRE',
]);

// "6.0001", "18.05", "1.010", "18.02SC", "6.S096", "21G.101"
const DOTTED = /(?<![\w.])(\d{1,2}[A-Z]?\.(?:[A-Z]?\d{2,4}|S\d{2,3})[A-Z]{0,2})(?![\w.]|\.\d)/;
// "CS 101", "MATH 1A", "CS-106B", "ECON 10A"
const DEPT = /(?<![\w.])([A-Z]{2,5})[ \u00a0-]?(\d{1,4}[A-Z]{0,2})(?![\w.]|\.\d)/g;

/** Finds a course number in a string, or null. */
export function findCourseNumber(s: string): string | null {
  const d = DOTTED.exec(s);
  if (d?.[1] !== undefined) return d[1];
  for (const m of s.matchAll(DEPT)) {
    const dept = m[1] ?? '';
    const num = m[2] ?? '';
    if (NOT_DEPARTMENTS.has(dept)) continue;
    if (/^(19|20)\d\d$/.test(num)) continue; // a year
    return `${dept} ${num}`;
  }
  return null;
}

/**
 * A candidate string (heading, emphasised span, first line) that starts with a course number followed by a
 * title: "6.0001 Introduction to …", "CS 101: Programming". A bare number in body text ("Python 3.5") is not
 * enough; this requires the number to lead the string.
 */
export function findNumberedTitle(s: string): { courseNumber: string; title: string } | null {
  const t = squash(s.replace(/[*_]{1,3}/g, ' '));
  const num = findCourseNumber(t);
  if (num === null) return null;
  const lead = new RegExp(`^${num.replace(/[.]/g, '\\.').replace(' ', '[ \\u00a0-]?')}[:\\s\\u2013\\u2014-]+(.+)$`);
  const m = lead.exec(t);
  if (m?.[1] === undefined) return null;
  const title = cleanTitle(m[1].replace(/[.;]\s.*$/, '').replace(/\s*\(.*$/, ''));
  return title === null ? null : { courseNumber: num, title };
}

const TERM = /\b(Fall|Spring|Summer|Winter|Autumn|IAP|January)(?:\s+(?:term|semester|quarter|session))?[\s,]+((?:19|20)\d{2})\b/i;
const TERM_YEAR_FIRST = /\b((?:19|20)\d{2})[\s,]+(Fall|Spring|Summer|Winter|Autumn)\b/i;

const cap = (w: string): string => (w.toUpperCase() === 'IAP' ? 'IAP' : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());

/** Finds a term like "Fall 2016" (normalised capitalisation) or null. */
export function findTerm(s: string): string | null {
  const m = TERM.exec(s);
  if (m?.[1] !== undefined && m[2] !== undefined) return `${cap(m[1])} ${m[2]}`;
  const y = TERM_YEAR_FIRST.exec(s);
  if (y?.[1] !== undefined && y[2] !== undefined) return `${cap(y[2])} ${y[1]}`;
  return null;
}

const LEVEL = /\b(Undergraduate|Graduate|Introductory|Intermediate|Advanced|High School|Lower Division|Upper Division|Beginner)\b/i;

export function findLevel(s: string): string | null {
  const m = LEVEL.exec(s);
  return m?.[1] !== undefined ? cap(m[1]).replace(/ (\w)/, (_x, c: string) => ` ${c.toUpperCase()}`) : null;
}

const UNIVERSITY =
  /\b((?:University of (?:the )?[A-Z][\w'’-]+(?:[ ,-]+(?:at )?[A-Z][\w'’-]+){0,3})|(?:(?:[A-Z][\w'’.&-]+ ){1,5}(?:University|Institute of Technology|Polytechnic Institute|College|Institute))|(?:École [A-Z][\w ]+))\b/;

/** Finds a university or college name, or null. */
export function findUniversity(s: string): string | null {
  const m = UNIVERSITY.exec(s);
  if (m?.[1] === undefined) return null;
  const name = squash(m[1]).replace(/[ ,]+$/, '');
  return /^(The|This|Our|A|Your)\s/.test(name) ? name.replace(/^(The|This|Our|A|Your)\s+/, '') || null : name;
}

/** Page titles that name a page section, not the course. */
const GENERIC_TITLES =
  /^(syllabus|course syllabus|calendar|schedule|course schedule|course information|course info|readings|lectures?|lecture notes|home|course home|overview|course overview|assignments|resources|index|welcome|course description|textbooks?|about|contents?|menu)$/i;

/**
 * Cleans a candidate course title: drops a leading course number, a trailing term and site suffixes; rejects
 * generic section names and overlong strings. Returns null when nothing course-like remains.
 */
export function cleanTitle(raw: string): string | null {
  if (raw.length > 1000) return null;
  let t = squash(raw.replace(/[*_]{1,3}/g, ' '));
  const num = findCourseNumber(t);
  if (num !== null && t.startsWith(num)) t = t.slice(num.length);
  const term = findTerm(t);
  if (term !== null) t = t.replace(new RegExp(`[,|(\\s\\u2013\\u2014-]*${term.split(' ').join('[\\s,]+')}\\)?\\s*$`, 'i'), '');
  t = t.replace(/^[\s:|,.\u2013\u2014-]+|[\s:|,\u2013\u2014-]+$/g, '');
  if (t.length < 3 || t.length > 150) return null;
  if (GENERIC_TITLES.test(t)) return null;
  if (t.split(' ').length > 16) return null;
  if (!/^[\p{Lu}\d]/u.test(t)) return null;
  return t;
}

/** Splits a document `<title>` on separators and returns the best course-title part. */
export function titleFromDocumentTitle(docTitle: string): string | null {
  const parts = docTitle.split(/\s+[|\u2013\u2014·:]\s+|\s+-\s+/).map((p) => p.trim());
  for (const p of parts) {
    const c = cleanTitle(p);
    if (c !== null && !/opencourseware|university|college|institute|\.edu|\.com|\.org/i.test(c)) return c;
  }
  return null;
}
