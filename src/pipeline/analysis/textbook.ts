/**
 * Finds the course textbook in a document's blocks and parses a citation into title, authors, edition,
 * publisher, year and ISBN. Pure and deterministic. Text is data: it is only matched, never interpreted.
 */
import { normalizeIsbn } from '../../contracts/isbn';
import { sectionsOf } from './blocks';
import type { Block } from './blocks';
import { squash, stripEmphasisMarks } from './text';

export interface FoundTextbook {
  title: string;
  authors: string[];
  edition: string | null;
  publisher: string | null;
  year: number | null;
  /** ISBN-13, normalised; null when none was given or its check digit is wrong. */
  isbn: string | null;
}

export interface TextbookFinding {
  textbook: FoundTextbook | null;
  /** True when the document says there is no (assigned) textbook. */
  none: boolean;
}

/** Headings of sections that name the textbook, strongest first. */
const TEXTBOOK_HEADING =
  /^(?:the\s+)?(?:required\s+|recommended\s+|main\s+|course\s+|primary\s+)?(?:text\s?books?|texts?|books?)(?:\s+(?:and|&)\s+(?:readings?|materials|other readings))?\s*:?$|^required\s+(?:text\s?books?|texts?|readings?|materials?)\s*:?$|^textbooks?\b.{0,40}$/i;
const READING_HEADING = /^(?:required\s+|course\s+|recommended\s+)?(?:readings?|reading\s+materials?|materials|course\s+materials|reading\s+list|readings\s+and\s+\w+)\s*:?$/i;
const TEXTBOOK_ID = /^(?:text\s?books?|required-?texts?|texts?)$/i;
const READING_ID = /^(?:readings?|materials|course-?materials)$/i;

/** An inline label at the start of a paragraph or item: "Textbook: …", "Required text - …". */
const INLINE_LABEL = /^(?:the\s+)?(?:required\s+|recommended\s+|course\s+|main\s+)?(?:text\s?books?|texts?|required\s+reading)\s*[:\u2013\u2014-]\s*(?=\S)/i;

const NO_TEXTBOOK = [
  /\bno\s+(?:assigned\s+|required\s+|official\s+|course\s+|single\s+|formal\s+)*(?:text\s?books?|texts?)\b/i,
  /\btext\s?books?\s*(?:is|are)\s+not\s+(?:required|assigned|needed|used)\b/i,
  /\b(?:does|do|will)\s+not\s+(?:use|have|require)\s+(?:a|any)\s+(?:required\s+)?text\s?books?\b/i,
  /\btext\s?books?\s*:\s*(?:none|n\/a|not\s+required)\b/i,
];

/** True when the text says the course has no (assigned, required) textbook. */
export function statesNoTextbook(text: string): boolean {
  const t = squash(text);
  return NO_TEXTBOOK.some((re) => re.test(t));
}

// ---------------------------------------------------------------------------------------------------------
// Authors

const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'del', 'della', 'di', 'du', 'la', 'le', 'bin', 'al', 'y', 'dos', 'das', 'ter', 'ten', 'st.']);
const SUFFIXES = /^(?:Jr\.?|Sr\.?|II|III|IV|PhD|Ph\.D\.)$/;
const NAME_TOKEN = /^(?:\p{Lu}[\p{Ll}\p{Lu}'’-]*\.?|\p{Lu}\.(?:-?\p{Lu}\.)*|\p{Lu}(?:-\p{Lu})+\.?)$/u;
/** Capitalised words that show a string is not a personal name. */
const NOT_NAME_WORDS = new Set(
  (
    'press publishing publishers publisher wiley sons inc inc. ltd llc co. company university college institute edition ' +
    'ed. eds. introduction principles fundamentals handbook guide volume vol. chapter chapters springer pearson ' +
    'mcgraw-hill cengage elsevier openstax academic books media the a an of to for in on with and or is are ' +
    'will be this that course class students lecture lectures notes reading readings textbook text isbn ' +
    'required recommended optional available online free pdf website edition. theory methods analysis ' +
    'engineering programming science mathematics statistics probability calculus physics chemistry biology ' +
    'economics python java data computer computation applications application concepts systems design ' +
    'new york london cambridge oxford boston'
  ).split(' '),
);

function isNameToken(tok: string): boolean {
  if (PARTICLES.has(tok.toLowerCase()) && tok === tok.toLowerCase()) return true;
  if (SUFFIXES.test(tok)) return true;
  if (NOT_NAME_WORDS.has(tok.toLowerCase().replace(/[,;:]$/, ''))) return false;
  return NAME_TOKEN.test(tok);
}

interface NamePiece {
  toks: string[];
  /** Only initials ("J.", "H-S."): a given-name part that must follow a surname. */
  initialsOnly: boolean;
}

const INITIAL = /^\p{Lu}(?:[.-]?\p{Lu})*\.?$/u;

function namePiece(piece: string): NamePiece | null {
  const toks = piece.split(/\s+/).filter((t) => t.length > 0);
  if (toks.length === 0 || toks.length > 5) return null;
  if (!toks.every(isNameToken)) return null;
  const hasWord = toks.some((t) => /^\p{Lu}[\p{Ll}'’-]{1,}/u.test(t) && !PARTICLES.has(t.toLowerCase()) && !SUFFIXES.test(t));
  if (hasWord) return { toks, initialsOnly: false };
  if (toks.every((t) => INITIAL.test(t) && t.length <= 6)) return { toks, initialsOnly: true };
  return null;
}

const hasInitial = (toks: readonly string[]): boolean => toks.some((t) => /^\p{Lu}(?:-?\p{Lu})*\.$/u.test(t));

/**
 * Parses an author list: "John Guttag", "Guttag, John", "Ang, Alfredo H-S., and Wilson H. Tang",
 * "T. Cormen, C. Leiserson and R. Rivest", "Smith, J., Jones, K.". Returns null when it does not look like names.
 */
export function parseAuthors(raw: string): string[] | null {
  if (raw.length > 400) return null;
  let s = squash(stripEmphasisMarks(raw))
    .replace(/^by\s+/i, '')
    .replace(/\s*\((?:eds?\.?|editors?)\)\s*$/i, '')
    .replace(/,?\s+(?:eds?\.|editors?)$/i, '')
    .replace(/,?\s+et\s+al\.?$/i, '')
    .replace(/[\s,;:]+$/, '');
  // a trailing full stop after a word (not after an initial) ends the author segment
  if (/\p{L}{2,}\.$/u.test(s) && !/(?:^|\s)\p{Lu}\.$/u.test(s)) s = s.slice(0, -1);
  if (s.length === 0 || s.length > 250) return null;
  // split, remembering whether each piece was introduced by a comma or by "and"
  const parts: Array<{ text: string; sep: 'start' | 'comma' | 'and' }> = [];
  const re = /\s*(,\s*(?:and|&)\s+|\s+(?:and|&)\s+|;\s*|,\s*)/g;
  let last = 0;
  let sep: 'start' | 'comma' | 'and' = 'start';
  for (const m of s.matchAll(re)) {
    parts.push({ text: s.slice(last, m.index).trim(), sep });
    sep = /and|&/.test(m[1] ?? '') ? 'and' : 'comma';
    last = m.index + m[0].length;
  }
  parts.push({ text: s.slice(last).trim(), sep });
  const pieces = parts.map((p) => (SUFFIXES.test(p.text) ? 'suffix' : namePiece(p.text)));
  if (pieces.some((p) => p === null)) return null;
  const named = pieces.filter((p): p is NamePiece => p !== null && p !== 'suffix');
  if (named.every((p) => p.toks.length === 1 && !p.initialsOnly)) {
    // "Guttag, John" is one inverted name; "Cormen, Leiserson, and Rivest" or "Cormen and Stein" are surnames
    if (parts.length === 2 && parts[1]?.sep === 'comma') return [`${parts[1].text} ${parts[0]?.text ?? ''}`];
    if (pieces.some((p) => p === 'suffix')) return null;
    return parts.map((p) => p.text);
  }
  const out: string[] = [];
  let lastInverted = false;
  for (let i = 0; i < parts.length; i++) {
    const pc = pieces[i];
    const p = parts[i];
    if (pc === undefined || pc === null || p === undefined) return null;
    if (pc === 'suffix') {
      if (out.length === 0) return null;
      out[out.length - 1] = `${out[out.length - 1] ?? ''} ${p.text}`;
      continue;
    }
    const next = pieces[i + 1];
    const nextPart = parts[i + 1];
    const surnameOnly = pc.toks.length === 1 || (pc.toks.length === 2 && PARTICLES.has((pc.toks[0] ?? '').toLowerCase()));
    const inverted =
      !pc.initialsOnly &&
      surnameOnly &&
      nextPart?.sep === 'comma' &&
      next !== undefined &&
      next !== null &&
      next !== 'suffix' &&
      next.toks.length <= 3 &&
      (next.initialsOnly || hasInitial(next.toks) || i === 0 || lastInverted);
    if (inverted) {
      out.push(`${next.toks.join(' ')} ${pc.toks.join(' ')}`);
      lastInverted = true;
      i++;
    } else if (!pc.initialsOnly && (pc.toks.length >= 2 || parts.length === 1)) {
      out.push(pc.toks.join(' '));
      lastInverted = false;
    } else {
      return null;
    }
  }
  return out.length > 0 && out.length <= 12 ? out : null;
}

// ---------------------------------------------------------------------------------------------------------
// Citation

const ORDINAL = '(?:\\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|revised|international|global|updated)';
const EDITION = new RegExp(`\\b(${ORDINAL}\\s+(?:ed\\.|edn\\.?|edition|ed\\b))`, 'i');
const EDITION_AT_END = new RegExp(`[\\s,.(:;-]*\\b(${ORDINAL}\\s+(?:ed\\.|edn\\.?|edition|ed\\b))\\)?\\.?$`, 'i');
const ISBN_LABELLED = /\bISBN(?:-1[03])?\s*(?:\(\w+\))?\s*:?\s*((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])\b/;
const ISBN_BARE = /\b(97[89](?:[\s-]?\d){10})\b/;
const YEAR = /\b(1[89]\d{2}|20\d{2})\b/;
const PUBLISHER_WORDS =
  /\b(?:press|publish\w*|wiley|sons|pearson|springer|cengage|elsevier|mcgraw|o'reilly|o’reilly|norton|academic|houghton|prentice|addison|routledge|sage|openstax|books|media|inc\.?|ltd\.?|llc|athena|freeman|benjamin|brooks|saunders|dover|birkh[aä]user|crc|taylor|chapman|siam|ams|wesley|manning|apress|no starch|packt|princeton|harvard|yale|stanford|mit)\b/i;

const LEAD_IN = [
  /^(?:the\s+|our\s+|a\s+)?(?:required\s+|recommended\s+|main\s+|primary\s+|course\s+|official\s+|assigned\s+)?(?:text\s?books?|texts?|books?)(?:\s+(?:for|in|used in)\s+(?:this|the)\s+(?:course|class|subject))?\s*(?:is|are|will\s+be|:|\u2013|\u2014|-)\s*/i,
  /^(?:we\s+will\s+(?:use|be\s+using|follow)|this\s+(?:course|class)\s+(?:uses|will\s+use|follows))\s*(?:the\s+(?:following\s+)?(?:text\s?book|text|book)\s*:?)?\s*/i,
  /^(?:required\s+reading|required|recommended|optional)\s*[:\u2013\u2014-]\s*/i,
];

function stripLeadIn(s: string): string {
  let t = s.trim();
  for (const re of LEAD_IN) t = t.replace(re, '');
  return t.replace(/^[\s:,.\u2013\u2014-]+/, '');
}

/** Markdown/HTML residue out; `_x_` and `**x**` become `*x*` so one emphasis form is left. */
function prepare(raw: string): string {
  return squash(
    raw
      .replace(/!\[[^\]\n]{0,300}\]\([^)\n]{0,2000}\)/g, '')
      .replace(/\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)/g, '$1')
      .replace(/<[^>]{1,200}>/g, '')
      .replace(/(^|[^\w*])_(?=\S)(.{1,300}?)(?<=\S)_(?!\w)/g, '$1*$2*')
      .replace(/\*\*\*(.{1,300}?)\*\*\*/g, '*$1*'),
  );
}

function cleanTitleText(raw: string): { title: string; edition: string | null } | null {
  let t = squash(stripEmphasisMarks(raw)).replace(/^["“'‘]+|["”'’]+$/g, '');
  let edition: string | null = null;
  const e = EDITION_AT_END.exec(t);
  if (e?.[1] !== undefined) {
    edition = e[1];
    t = t.slice(0, e.index);
  }
  t = t.replace(/^["“'‘\s]+|["”'’\s.,;:]+$/g, '');
  const words = t.split(/\s+/).length;
  if (t.length < 3 || t.length > 200 || words > 25) return null;
  if (!/^[\p{Lu}\d"“']/u.test(t)) return null;
  // a sentence, not a title
  if (/\b(?:will|should|must|are|is)\s+(?:be\s+)?(?:assigned|posted|provided|available|required|expected)\b/i.test(t)) return null;
  return { title: t, edition };
}

interface Meta {
  edition: string | null;
  publisher: string | null;
  year: number | null;
}

/** Edition, publisher and year from the part of a citation after the title. */
function parseMeta(rest: string): Meta {
  let r = squash(rest.replace(/[()[\]]/g, ' '));
  let edition: string | null = null;
  const e = EDITION.exec(r);
  if (e?.[1] !== undefined) {
    edition = e[1];
    r = r.replace(e[0], ' ');
  }
  const y = YEAR.exec(r);
  const year = y?.[1] !== undefined ? Number(y[1]) : null;
  let publisher: string | null = null;
  const segs = r.split(/\.\s+|;\s*/).map((x) => x.trim()).filter((x) => x.length > 0);
  const withYear = segs.find((x) => YEAR.test(x));
  const candidates = [withYear, ...segs.filter((x) => PUBLISHER_WORDS.test(x))].filter((x): x is string => x !== undefined);
  for (const c of candidates) {
    let p = c.replace(YEAR, ' ').replace(/\b(?:pp?\.|pages?)\s*[\d-]+/gi, ' ');
    if (p.includes(':')) p = p.slice(p.lastIndexOf(':') + 1);
    p = squash(p).replace(/^[\s,.;:-]+|[\s,.;:-]+$/g, '');
    // "MIT Press, Cambridge, MA" → first comma piece that reads like a publisher
    const pieces = p.split(/,\s*/).filter((x) => x.length > 0);
    const best = pieces.find((x) => PUBLISHER_WORDS.test(x)) ?? pieces[0];
    if (best !== undefined && /^\p{Lu}/u.test(best) && best.split(/\s+/).length <= 8 && !/^by\s/i.test(best)) {
      publisher = best;
      break;
    }
  }
  return { edition, publisher, year };
}

/** Longest text a citation is read from; bounds the work on long paragraphs. */
const MAX_CITATION_CHARS = 600;

/** A long text is cut to the stretch that can hold one citation: the run up to its first ISBN, else its start. */
function citationWindow(raw: string): string {
  if (raw.length <= MAX_CITATION_CHARS) return raw;
  const hit = ISBN_LABELLED.exec(raw) ?? ISBN_BARE.exec(raw);
  if (hit === null) return raw.slice(0, MAX_CITATION_CHARS);
  const end = hit.index + hit[0].length;
  let start = Math.max(0, end - MAX_CITATION_CHARS);
  if (start > 0) {
    const space = raw.indexOf(' ', start);
    start = space >= 0 && space < hit.index ? space + 1 : start;
  }
  return raw.slice(start, end);
}

function findIsbn(s: string): { isbn: string | null; end: number } | null {
  const m = ISBN_LABELLED.exec(s) ?? ISBN_BARE.exec(s);
  if (m?.[1] === undefined) return null;
  return { isbn: normalizeIsbn(m[1]), end: m.index + m[0].length };
}

/** Splits a Chicago/APA-style "Authors. Title. Publisher" string at the end of the author segment. */
function splitAuthorsFirst(s: string): { authors: string[]; rest: string } | null {
  const strong: number[] = [];
  const weak: number[] = [];
  for (const m of s.matchAll(/\.\s+(?=[\p{Lu}\d"“*])/gu)) {
    const before = s.slice(0, m.index);
    (/(?:^|[\s,(])\p{Lu}(?:-?\p{Lu})*$/u.test(before) ? weak : strong).push(m.index);
  }
  for (const at of [...strong, ...weak]) {
    const head = s.slice(0, at);
    // after an initial ("Downey, Allen B. Think Python") only an inverted "Surname, Given" head may end
    const afterInitial = weak.includes(at);
    if (afterInitial && !/,\s*(?:\p{Lu}[\p{Ll}'’-]*\.?\s+)*\p{Lu}$/u.test(head)) continue;
    if (!/,|\sand\s|&/.test(head) && head.split(/\s+/).length < 2) continue;
    const authors = parseAuthors(afterInitial ? `${head}.` : head);
    if (authors !== null) return { authors, rest: s.slice(at + 1).trim() };
  }
  return null;
}

/** Removes trailing comma pieces that carry publisher, year or edition; returns them separately. */
function splitTrailingMeta(s: string): { head: string; meta: string } {
  const pieces = s.split(/,\s*/);
  let k = pieces.length;
  while (k > 1) {
    const p = pieces[k - 1] ?? '';
    if (/\d/.test(p) || PUBLISHER_WORDS.test(p) || EDITION.test(p)) k--;
    else break;
  }
  return { head: pieces.slice(0, k).join(', '), meta: pieces.slice(k).join(', ') };
}

/** Splits "Author, Author (3rd ed., Publisher, 2009). More prose" into the author part and the rest. */
function cutAuthorTail(s: string): { authors: string[] | null; rest: string } {
  let authorsPart = s;
  let rest = '';
  const cut = /\s*\(|\s[-\u2013\u2014]\s|\.\s+(?=\p{Lu})(?<!(?:^|\s)\p{Lu}\.\s+)/u.exec(authorsPart);
  if (cut !== null) {
    rest = authorsPart.slice(cut.index);
    authorsPart = authorsPart.slice(0, cut.index);
  }
  const split = splitTrailingMeta(authorsPart);
  return { authors: parseAuthors(split.head), rest: `${split.meta} ${rest}` };
}

/** A "title" that is really a list of people ("Bertsekas and John N. Tsitsiklis"). */
function looksLikeNames(t: string): boolean {
  const a = parseAuthors(t);
  return a !== null && (a.length >= 2 || /(?:^|\s)\p{Lu}\.(?:\s|$)/u.test(t));
}

function build(title: string, authors: string[], rest: string, isbn: string | null): FoundTextbook | null {
  const t = cleanTitleText(title);
  if (t === null) return null;
  const meta = parseMeta(rest);
  return {
    title: t.title,
    authors,
    edition: t.edition ?? meta.edition,
    publisher: meta.publisher,
    year: meta.year,
    isbn,
  };
}

/**
 * Parses one textbook citation. Accepted forms: "Title by Author", "Title, Author", "Author. Title. Publisher,
 * year", "Author, *Title*, 2nd ed., Publisher 2016, ISBN …" (emphasis marks the title). Text after an ISBN is
 * ignored. Returns null when the text is not a citation.
 */
export function parseCitation(raw: string): FoundTextbook | null {
  let s = stripLeadIn(prepare(citationWindow(raw)));
  const isbnHit = findIsbn(s);
  const isbn = isbnHit?.isbn ?? null;
  if (isbnHit !== null) {
    s = s.slice(0, isbnHit.end).replace(ISBN_LABELLED, ' ').replace(ISBN_BARE, ' ');
    s = squash(s).replace(/[\s,.;:(]+$/, '');
  }
  if (s.length < 3) return null;

  // 1. Emphasis marks the title.
  const em = /\*([^*]{3,250})\*/.exec(s);
  if (em?.[1] !== undefined && em[1].trim().split(/\s+/).length >= 2) {
    const before = stripLeadIn(s.slice(0, em.index)).replace(/[\s,.;:]+$/, '');
    let after = s.slice(em.index + em[0].length);
    let authors: string[] | null = before.length > 0 ? parseAuthors(before) : [];
    if (authors !== null && authors.length === 0) {
      // "*Title* by Author, …" or "*Title*, Author, Publisher, 2016"
      const by = /^[\s,.]*by\s+(.+)$/i.exec(after);
      const lead = /^\s*,\s*(.+)$/.exec(after);
      const tail = by?.[1] !== undefined ? cutAuthorTail(by[1]) : lead?.[1] !== undefined ? cutAuthorTail(lead[1]) : null;
      if (tail?.authors != null) {
        authors = tail.authors;
        after = tail.rest;
      }
    }
    if (authors !== null && (authors.length > 0 || isbn !== null)) {
      const found = build(em[1], authors, after, isbn);
      if (found !== null) return found;
    }
  }

  const plain = stripEmphasisMarks(s);

  // 2. "Title by Author(s)[, Publisher, year]"
  const by = /^(.+?)\s*,?\s+by\s+(.+)$/i.exec(plain);
  if (by?.[1] !== undefined && by[2] !== undefined) {
    const tail = cutAuthorTail(by[2]);
    if (tail.authors !== null) {
      const found = build(by[1], tail.authors, tail.rest, isbn);
      if (found !== null) return found;
    }
  }

  // 3. "Author(s). Title. Publisher, year."
  const af = splitAuthorsFirst(plain);
  if (af !== null) {
    const m = /^(.+?[^\s.](?:[?!])?)(?:\.\s+(?=[\p{Lu}\d(])(?<!\b\p{Lu}\.\s+)|$)/u.exec(af.rest);
    if (m?.[1] !== undefined && !looksLikeNames(m[1])) {
      const found = build(m[1], af.authors, af.rest.slice(m[0].length), isbn);
      if (found !== null) return found;
    }
  }

  // 4. "Title, Author(s)[, Publisher, year]"
  const firstSentence = plain.split(/\.\s+(?=\p{Lu})(?<!\b\p{Lu}\.\s+)/u)[0] ?? plain;
  const { head, meta } = splitTrailingMeta(firstSentence.replace(/\.$/, ''));
  const pieces = head.split(/,\s*/);
  for (let k = 1; k < pieces.length; k++) {
    const authors = parseAuthors(pieces.slice(k).join(', '));
    if (authors === null) continue;
    const found = build(pieces.slice(0, k).join(', '), authors, `${meta} ${plain.slice(firstSentence.length)}`, isbn);
    if (found !== null) return found;
  }

  // 5. A bare title is only trusted with an ISBN next to it.
  if (isbn !== null) return build(firstSentence, [], plain.slice(firstSentence.length), isbn);
  return null;
}

/**
 * A citation spread over lines: title on one line, authors on the next ("by …" or names), then publisher,
 * year, ISBN on following lines.
 */
export function parseMultilineCitation(lines: readonly string[]): FoundTextbook | null {
  const ls = lines
    .slice(0, 60)
    .map((l) => stripLeadIn(prepare(l.slice(0, MAX_CITATION_CHARS))))
    .filter((l) => l.length > 0);
  for (let i = 0; i + 1 < ls.length; i++) {
    const titleLine = ls[i] ?? '';
    const authorLine = ls[i + 1] ?? '';
    if (/^by\s/i.test(titleLine) || /(?:\b(?:by|and|of|the|in|to|for|with|a|an)|[,:;])$/i.test(titleLine)) continue;
    const authors = parseAuthors(splitTrailingMeta(authorLine).head);
    if (authors === null) continue;
    const t = cleanTitleText(titleLine);
    if (t === null || looksLikeNames(titleLine)) continue;
    const restLines = ls.slice(i + 2, i + 6);
    const restText = `${splitTrailingMeta(authorLine).meta} ${restLines.join('. ')}`;
    const isbnHit = findIsbn(restText);
    return build(titleLine, authors, restText.replace(ISBN_LABELLED, ' '), isbnHit?.isbn ?? null);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Finding it in a document

function blockTexts(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(b.text);
    else if (b.kind === 'list') for (const it of b.items) out.push(it.text);
  }
  return out;
}

function fromTexts(texts: readonly string[]): FoundTextbook | null {
  for (const t of texts) {
    const lines = t.split('\n').filter((l) => l.trim().length > 0);
    if (lines.length > 1) {
      const multi = parseMultilineCitation(lines);
      if (multi !== null) return multi;
      for (const l of lines) {
        const one = parseCitation(l);
        if (one !== null) return one;
      }
    }
    const whole = parseCitation(lines.join(' '));
    if (whole !== null) return whole;
  }
  // a title paragraph followed by an author paragraph
  return texts.length > 1 ? parseMultilineCitation(texts.flatMap((t) => t.split('\n'))) : null;
}

/**
 * Finds the textbook: first in sections headed "Textbook(s)", "Required text(s)" (or `id="textbook"`), then in
 * "Readings"/"Materials" sections, then after an inline "Textbook:" label, then in any paragraph with an ISBN.
 * A textbook section that says "no assigned textbook" (and gives no ISBN) yields `{ textbook: null, none: true }`.
 */
export function findTextbook(blocks: readonly Block[]): TextbookFinding {
  const sections = sectionsOf(blocks);
  const isTextbookSection = (h: string | null, id: string | null): boolean =>
    (h !== null && TEXTBOOK_HEADING.test(h.trim())) || (id !== null && TEXTBOOK_ID.test(id));
  const isReadingSection = (h: string | null, id: string | null): boolean =>
    (h !== null && READING_HEADING.test(h.trim())) || (id !== null && READING_ID.test(id));

  let none = false;
  for (const pass of [isTextbookSection, isReadingSection]) {
    for (const sec of sections) {
      if (!pass(sec.heading, sec.id)) continue;
      const texts = blockTexts(sec.blocks);
      const joined = texts.join('\n');
      if (statesNoTextbook(joined) && !ISBN_LABELLED.test(joined) && !ISBN_BARE.test(joined)) {
        none = true;
        continue;
      }
      const found = fromTexts(texts);
      if (found !== null) return { textbook: found, none: false };
    }
  }
  if (none) return { textbook: null, none: true };

  const all = blockTexts(blocks);
  for (const t of all) {
    for (const line of t.split('\n')) {
      if (!INLINE_LABEL.test(line)) continue;
      if (statesNoTextbook(line)) return { textbook: null, none: true };
      const found = parseCitation(line.replace(INLINE_LABEL, ''));
      if (found !== null) return { textbook: found, none: false };
    }
  }
  for (const t of all) {
    if (statesNoTextbook(t)) none = true;
  }
  if (none) return { textbook: null, none: true };
  for (const t of all) {
    if (!ISBN_LABELLED.test(t) && !ISBN_BARE.test(t)) continue;
    const found = parseCitation(t.replace(/\n/g, ' '));
    if (found !== null) return { textbook: found, none: false };
  }
  return { textbook: null, none: false };
}
