import type { LicenseId } from '../../../contracts/vocabulary';
import { licenseFromNote } from './license';
import { collapse, plainText } from './text';

export interface LeadingLink {
  /** Raw link text (still escaped). */
  text: string;
  url: string;
  /** Everything after the link's closing parenthesis. */
  rest: string;
  /** The link text is an image (`[![badge](…)](…)`). */
  image: boolean;
}

/**
 * The link a list item starts with. Link text may hold balanced or escaped brackets
 * (`[CS 61A [Python]](…)`, `[Docker \[FULL COURSE\]](…)`); the destination may hold balanced parentheses
 * (`…/jj554200(v=pandp.10)`), be `<…>`-wrapped and carry a quoted title. Null when the item does not start
 * with an inline link.
 */
export function parseLeadingLink(item: string): LeadingLink | null {
  const src = item.trimStart().replace(/^(\*\*|__)/, '');
  if (src[0] !== '[') return null;
  let depth = 0;
  let j = 0;
  for (; j < src.length; j++) {
    const ch = src[j];
    if (ch === '\\') j++;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) break;
  }
  if (depth !== 0 || src[j + 1] !== '(') return null;
  const text = src.slice(1, j);
  let k = j + 2;
  while (src[k] === ' ') k++;
  let url: string;
  if (src[k] === '<') {
    const end = src.indexOf('>', k);
    if (end < 0) return null;
    url = src.slice(k + 1, end);
    k = end + 1;
  } else {
    const start = k;
    let parens = 0;
    for (; k < src.length; k++) {
      const ch = src[k] ?? '';
      if (ch === '\\') k++;
      else if (ch === '(') parens++;
      else if (ch === ')' && parens-- === 0) break;
      else if (/\s/.test(ch)) break;
    }
    url = src.slice(start, k);
  }
  while (src[k] === ' ') k++;
  const quote = src[k];
  if (quote === '"' || quote === "'") {
    const end = src.indexOf(quote, k + 1);
    if (end < 0) return null;
    k = end + 1;
    while (src[k] === ' ') k++;
  }
  if (src[k] !== ')') return null;
  return { text, url, rest: src.slice(k + 1), image: text.trimStart().startsWith('![') };
}

export interface Note {
  /** The note as plain text, flags included, leading separators removed. */
  text: string;
  authors: string[];
  license: LicenseId | null;
  /** Access markers such as `archived`, `in process`, `account required`. */
  flags: string[];
}

const FORMATS = new Set(
  'pdf html epub epub3 mobi kpf azw3 markdown md asciidoc odt github ipynb latex tex txt djvu docx zip online web website video youtube playlist audio slides gitbook leanpub ebook'.split(
    ' ',
  ),
);
const PARTICLES = new Set('de van von der den da di du la le el al bin ibn y e dos das del della ter ten et al.'.split(' '));

function nameLike(part: string): boolean {
  const words = part.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 6 || part.length < 2 || part.length > 80) return false;
  return words.every(
    (w) => PARTICLES.has(w) || (/^[\p{Lu}\p{N}]/u.test(w) && /\p{L}/u.test(w) && !/[:/~=]/.test(w)) || /^\p{Lu}\.?$/u.test(w),
  );
}

function isFormats(inner: string): boolean {
  const tokens = inner.toLowerCase().split(/[\s,/+]+/).filter(Boolean);
  return tokens.length > 0 && tokens.every((t) => FORMATS.has(t));
}

/** Authors from a name list like "Jon Kleinberg, Éva Tardos" or "Allen B. Downey"; [] when it reads like prose. */
export function authorsFrom(text: string): string[] {
  const names = text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\bet al\.?/g, ' ')
    .replace(/[.\s]+$/, '')
    .split(/\s*(?:,|;|\s&\s|\band\b)\s*/)
    .map(collapse)
    .filter(Boolean);
  return names.length > 0 && names.length <= 12 && names.every(nameLike) ? names : [];
}

/** Parse what follows an item's link: ` - Author (PDF) *(:card_file_box: archived)* (CC BY-NC)`. */
export function parseNote(rest: string): Note {
  const flags: string[] = [];
  const withoutFlags = rest.replace(/^\s*(\*\*|__)/, '').replace(/\*\(((?:[^()]|\([^()]*\))*)\)\*/g, (_m, f: string) => {
    const flag = collapse(f.replace(/:[a-z0-9_+-]+:/g, ' ').replace(/\*/g, ''));
    if (flag) flags.push(flag);
    return ' ';
  });
  const plain = plainText(withoutFlags).replace(/:[a-z0-9_+-]+:/g, ' ');
  let license: LicenseId | null = null;
  for (const m of plain.matchAll(/\(([^()]*)\)/g)) license ??= licenseFromNote(m[1] ?? '');
  const body = collapse(plain.replace(/^[\s\-–—:|,]+/, ''));
  let authors: string[] = [];
  if (/^\s*[-–—]\s/.test(plain)) authors = authorsFrom(body);
  else {
    const single = /^\(([^()]+)\)$/.exec(body);
    if (single?.[1] && !isFormats(single[1]) && !licenseFromNote(single[1])) authors = authorsFrom(single[1]);
  }
  const text = collapse([body, ...flags.map((f) => `(${f})`)].join(' '));
  return { text, authors, license, flags };
}
