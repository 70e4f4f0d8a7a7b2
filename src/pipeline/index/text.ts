/**
 * Tokenising, stop words and a light English stemmer, shared by the index, the query templates and
 * the coverage check, so that all three agree on what a "word" is.
 */

const STOP = new Set(
  `a an and are as at be but by for from has have in into is it its of on or that the their this to with
   was were will can not no our your you we they he she his her them than then there these those which who whom
   what when where why how all any both each few more most other some such only own same so too very just
   also about above after again against below between during before over under up down out off once here
   introduction intro chapter chapters unit units week weeks lecture lectures part parts section sections
   course courses topic topics module modules review reviews overview basic basics fundamental fundamentals
   principle principles concept concepts elementary general using use used via vs versus i ii iii iv v vi
   vol volume edition ed 1st 2nd 3rd 4th first second third new one two three`.split(/\s+/),
);

/** Words too generic to show that a resource covers a chapter (still searchable). */
const WEAK = new Set(['theory', 'application', 'applications', 'method', 'methods', 'analysis', 'system', 'systems', 'problem', 'problems', 'study', 'studies', 'science', 'sciences', 'model', 'models', 'type', 'types', 'process', 'processes', 'structure', 'structures', 'function', 'functions', 'data']);

export function isStopWord(w: string): boolean {
  return STOP.has(w);
}

export function isWeakWord(stem: string): boolean {
  return WEAK.has(stem) || WEAK.has(`${stem}s`);
}

/** Lowercase word tokens; keeps digits and inner dots/plus (e.g. "c++", "6.0001"), drops punctuation. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[a-z0-9]+(?:[.+#][a-z0-9+#]+)*\+*/g) ?? []
  );
}

/** A small suffix-stripping stemmer: consistent rather than linguistically perfect. */
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let s = w;
  if (s.endsWith('ies') && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('ss') || s.endsWith('us') || s.endsWith('is')) {
    /* keep: class, calculus, analysis */
  } else if (s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  const rules: [string, string][] = [
    ['ational', 'ate'],
    ['ization', 'ize'],
    ['isation', 'ize'],
    ['ations', 'ate'],
    ['ation', 'ate'],
    ['iveness', 'ive'],
    ['fulness', 'ful'],
    ['ousness', 'ous'],
    ['ically', 'ic'],
    ['ities', 'ity'],
    ['ing', ''],
    ['edly', ''],
    ['ed', ''],
    ['ly', ''],
    ['al', ''],
    ['ic', ''],
    ['er', ''],
  ];
  for (const [suf, rep] of rules) {
    if (s.endsWith(suf) && s.length - suf.length >= 4) {
      s = s.slice(0, -suf.length) + rep;
      break;
    }
  }
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  return s;
}

const memo = new Map<string, string[]>();

/** Content stems of a text: words minus stop words, stemmed. Short texts (titles, topics) are memoised. */
export function terms(text: string): string[] {
  const hit = memo.get(text);
  if (hit) return hit;
  const out: string[] = [];
  for (const w of words(text)) if (!STOP.has(w) && (w.length > 1 || /\d/.test(w))) out.push(stem(w));
  if (text.length <= 200) {
    if (memo.size >= 200_000) memo.clear();
    memo.set(text, out);
  }
  return out;
}

export const uniqueTerms = (text: string): string[] => [...new Set(terms(text))];
