import { normalizeIsbn } from '../../contracts/isbn';
import { uniqueTerms, words } from '../index/text';
import type { CatalogEntry } from './entry';

export interface TextbookMatch {
  entry: CatalogEntry;
  confidence: number;
}

/** The catalog's textbook with this ISBN (any form), if any. */
export function findByIsbn(entries: readonly CatalogEntry[], isbn: string): CatalogEntry | null {
  const want = normalizeIsbn(isbn);
  if (!want) return null;
  for (const e of entries) if (e.type === 'textbook' && e.isbn?.includes(want)) return e;
  return null;
}

const lastNames = (authors: readonly string[]): Set<string> =>
  new Set(authors.map((a) => words(a.replace(/,.*$/, '')).pop() ?? '').filter((w) => w.length > 1));

/**
 * Fuzzy title (+ author) match against the catalog's textbooks. Title words must mostly agree in both
 * directions (so "Calculus Volume 1" does not match "Calculus Volume 2"); a matching author adds weight.
 */
export function matchTextbook(entries: readonly CatalogEntry[], title: string, author: string | null): TextbookMatch | null {
  const want = new Set(uniqueTerms(title));
  if (want.size === 0) return null;
  const authorNames = author ? lastNames(author.split(/\s*(?:,|;|\band\b|&)\s*/)) : new Set<string>();
  let best: TextbookMatch | null = null;
  for (const e of entries) {
    if (e.type !== 'textbook') continue;
    const have = new Set(uniqueTerms(e.title));
    let common = 0;
    for (const t of want) if (have.has(t)) common++;
    if (common === 0) continue;
    const recall = common / want.size;
    const precision = common / have.size;
    let confidence = 0.6 * recall + 0.4 * precision;
    const entryAuthors = lastNames(e.authors ?? []);
    if (authorNames.size > 0 && [...authorNames].some((a) => entryAuthors.has(a))) confidence += 0.25;
    if (confidence < 0.75 || recall < 0.75) continue;
    if (!best || confidence > best.confidence || (confidence === best.confidence && e.id < best.entry.id)) best = { entry: e, confidence };
  }
  return best;
}
