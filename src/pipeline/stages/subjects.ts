import type { Discipline, Level } from '../catalog/entry';
import type { CatalogIndex } from '../index/catalog-index';
import { terms } from '../index/text';

/**
 * Infers the disciplines of a course from its own words: the catalog entries that best match the course
 * text vote with their scores. Subjects within 40% of the leader's weight are kept (at most 3).
 */
export function inferSubjects(index: CatalogIndex, text: string): Discipline[] {
  const counts = new Map<string, number>();
  for (const t of terms(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const query = [...counts].map(([stem, n]) => ({ stem, weight: Math.min(3, n) }));
  const hits = index.search(query, 20);
  const votes = new Map<Discipline, number>();
  for (const h of hits) {
    const share = h.score / h.entry.subjects.length;
    for (const s of h.entry.subjects) votes.set(s, (votes.get(s) ?? 0) + share);
  }
  const ranked = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = ranked[0]?.[1] ?? 0;
  return ranked
    .filter(([, v]) => v >= top * 0.4)
    .slice(0, 3)
    .map(([s]) => s);
}

const ADVANCED = /\b(advanced|graduate|grad|phd|doctoral|seminar|research|topics in)\b/i;
const INTRO = /\b(intro|introduction|introductory|fundamentals|principles|basics|beginner|beginning|elementary|first[- ]year|101|survey)\b/i;

/** The course level from explicit words, else the given default. */
export function inferLevel(text: string, fallback: Level = 'introductory'): Level {
  if (ADVANCED.test(text)) return 'advanced';
  if (INTRO.test(text)) return 'introductory';
  return fallback;
}
