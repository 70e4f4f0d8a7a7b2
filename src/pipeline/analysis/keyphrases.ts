/** A small deterministic key-phrase extractor: n-grams of non-stopwords ranked by frequency, then alphabetically. */

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each either etc few for from further get got had has have ' +
    'having he her here hers him his how i if in into is it its itself just may me might more most must my no nor not ' +
    'now of off on once one only or other our ours out over own per same shall she should so some such than that the ' +
    'their theirs them then there these they this those through to too two under until up upon us use used using very ' +
    'via was we were what when where which while who whom why will with within without would you your yours ' +
    // syllabus boilerplate
    'course courses class classes student students lecture lectures week weeks session sessions semester term ' +
    'assignment assignments homework homeworks problem problems set sets pset psets grade grades grading exam exams ' +
    'quiz quizzes midterm final due released page pages note notes reading readings required recommended optional ' +
    'hour hours minute minutes day days time times first second third part parts chapter chapters unit units topic ' +
    'topics introduction intro overview review continued cont able well many much include includes including ' +
    'students will make made like given take new see based basic basics end goal goals policy late study studio ' +
    'recitation recitations syllabus calendar schedule instructor instructors ta tas office mit ocw opencourseware ' +
    'key date dates material materials ability additional question questions answer answers http https www com edu org html pdf'
  ).split(' '),
);

/** Only the first 300,000 characters are read. */
const MAX_KEYPHRASE_INPUT = 300_000;

export interface KeyPhraseOptions {
  /** How many phrases to return (default 20). */
  limit?: number;
  /** Longest n-gram (default 3). */
  maxWords?: number;
}

/**
 * Extracts key phrases: runs of non-stopwords split into 1..maxWords-grams, counted; phrases seen once are kept
 * only when fewer than five phrases repeat. Single words need 4+ letters. A phrase is dropped when a longer
 * phrase containing it has the same count. Ranked by count (desc), then word count (desc), then alphabetically.
 */
export function extractKeyPhrases(text: string, opts: KeyPhraseOptions = {}): string[] {
  const limit = opts.limit ?? 20;
  const maxWords = opts.maxWords ?? 3;
  const counts = new Map<string, number>();
  // sentence-ish fragments: n-grams never cross punctuation
  const fragments = text
    .slice(0, MAX_KEYPHRASE_INPUT)
    .normalize('NFKC')
    .toLowerCase()
    .split(/[.,;:!?()[\]{}"“”|/\\\n\t•·–—]+|\s-\s/);
  for (const frag of fragments) {
    const words = frag.split(/\s+/).map((w) => w.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ''));
    let run: string[] = [];
    const flushRun = (): void => {
      for (let n = 1; n <= maxWords; n++) {
        for (let i = 0; i + n <= run.length; i++) {
          const gram = run.slice(i, i + n);
          if (n === 1 && (gram[0] ?? '').length < 4) continue;
          const key = gram.join(' ');
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      run = [];
    };
    for (const w of words) {
      if (w === '' || STOPWORDS.has(w) || /^\d/.test(w) || w.length < 2 || !/^[a-z][a-z0-9'’-]*$/.test(w)) flushRun();
      else run.push(w);
    }
    flushRun();
  }
  const all = [...counts.entries()];
  const repeated = all.filter(([, c]) => c >= 2);
  const pool = repeated.length >= Math.min(5, limit) ? repeated : all;
  // a phrase's count is never below a longer phrase containing it; equal counts mean the short one adds nothing
  const superMax = new Map<string, number>();
  for (const [q, d] of pool) {
    const ws = q.split(' ');
    for (let n = 1; n < ws.length; n++) {
      for (let i = 0; i + n <= ws.length; i++) {
        const sub = ws.slice(i, i + n).join(' ');
        if ((superMax.get(sub) ?? 0) < d) superMax.set(sub, d);
      }
    }
  }
  const kept = pool.filter(([p, c]) => superMax.get(p) !== c);
  kept.sort((a, b) => b[1] - a[1] || b[0].split(' ').length - a[0].split(' ').length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return kept.slice(0, limit).map(([p]) => p);
}
