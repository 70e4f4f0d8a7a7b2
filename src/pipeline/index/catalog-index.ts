import type { CatalogEntry } from '../catalog/entry';
import { terms } from './text';

/** Field weights: a word in a title or topic list says more about a resource than one in its description. */
export const FIELD_WEIGHTS = {
  title: 3,
  topics: 2.5,
  chapters: 1.5,
  subjects: 1.5,
  authors: 1,
  description: 1,
  provider: 0.5,
} as const;

const K1 = 1.2;
const B = 0.6;

export interface QueryTerm {
  stem: string;
  weight: number;
}

export interface Hit {
  entry: CatalogEntry;
  doc: number;
  score: number;
}

interface Posting {
  doc: number;
  tf: number;
}

/**
 * An in-memory BM25F index over the catalog. Built from entries in a fixed order, it ranks the same way
 * on every worker; ties break on the entry id.
 */
export class CatalogIndex {
  private readonly postings = new Map<string, Posting[]>();
  private readonly lengths: number[] = [];
  private readonly stems: Set<string>[] = [];
  private readonly avgLength: number;
  private readonly recent = new Map<string, { scores: Float64Array; touched: number[] }>();

  constructor(readonly entries: readonly CatalogEntry[]) {
    entries.forEach((e, doc) => {
      const tf = new Map<string, number>();
      const add = (text: string, w: number): void => {
        for (const t of terms(text)) tf.set(t, (tf.get(t) ?? 0) + w);
      };
      add(e.title, FIELD_WEIGHTS.title);
      for (const t of e.topics) add(t, FIELD_WEIGHTS.topics);
      for (const c of e.chapters ?? []) add(c, FIELD_WEIGHTS.chapters);
      for (const s of e.subjects) add(s.replace(/-/g, ' '), FIELD_WEIGHTS.subjects);
      for (const a of e.authors ?? []) add(a, FIELD_WEIGHTS.authors);
      add(e.description, FIELD_WEIGHTS.description);
      add(e.provider, FIELD_WEIGHTS.provider);
      let len = 0;
      for (const [t, n] of tf) {
        len += n;
        let list = this.postings.get(t);
        if (!list) {
          list = [];
          this.postings.set(t, list);
        }
        list.push({ doc, tf: n });
      }
      this.lengths.push(len);
      this.stems.push(new Set(tf.keys()));
    });
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.lengths.length);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The stems a document holds in any field. */
  stemsOf(doc: number): ReadonlySet<string> {
    return this.stems[doc] ?? new Set();
  }

  idf(stem: string): number {
    const df = this.postings.get(stem)?.length ?? 0;
    const n = this.entries.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Scores every document that holds a query term. Chapter queries that differ only by their type filter
   * share one scoring pass: the last few score tables are kept, keyed by the terms.
   */
  private score(query: readonly QueryTerm[]): { scores: Float64Array; touched: number[] } {
    const key = query.map((q) => `${q.stem}:${q.weight}`).join(' ');
    const cached = this.recent.get(key);
    if (cached) return cached;
    const scores = new Float64Array(this.entries.length);
    const touched: number[] = [];
    for (const q of query) {
      const list = this.postings.get(q.stem);
      if (!list) continue;
      const w = q.weight * this.idf(q.stem);
      for (const p of list) {
        const len = this.lengths[p.doc] ?? this.avgLength;
        if (scores[p.doc] === 0) touched.push(p.doc);
        scores[p.doc] = (scores[p.doc] ?? 0) + (w * (p.tf * (K1 + 1))) / (p.tf + K1 * (1 - B + (B * len) / this.avgLength));
      }
    }
    const out = { scores, touched };
    this.recent.set(key, out);
    if (this.recent.size > 16) this.recent.delete(this.recent.keys().next().value as string);
    return out;
  }

  search(query: readonly QueryTerm[], limit: number, filter?: (e: CatalogEntry) => boolean): Hit[] {
    const { scores, touched } = this.score(query);
    const hits: Hit[] = [];
    for (const doc of touched) {
      const entry = this.entries[doc];
      if (entry && (!filter || filter(entry))) hits.push({ entry, doc, score: scores[doc] ?? 0 });
    }
    hits.sort((a, b) => b.score - a.score || (a.entry.id < b.entry.id ? -1 : 1));
    return hits.slice(0, limit);
  }
}
