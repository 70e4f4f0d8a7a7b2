import type { Resource } from './contracts';
import { isHttpUrl } from './links';
import { TYPE_LABELS, type ResourceType } from './labels';

export type SortKey = 'score' | 'type' | 'title';
export const SORT_LABELS: Record<SortKey, string> = { score: 'Score (highest first)', type: 'Type', title: 'Title (A to Z)' };

/** A result with its position in the job's `results` (the export's `items` use these positions). */
export interface Item {
  r: Resource;
  i: number;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function sortItems(results: readonly Resource[], key: SortKey): Item[] {
  const items = results.map((r, i) => ({ r, i }));
  const byScore = (a: Item, b: Item) => b.r.score - a.r.score || a.i - b.i;
  switch (key) {
    case 'score':
      return items.sort(byScore);
    case 'type':
      return items.sort((a, b) => collator.compare(TYPE_LABELS[a.r.type], TYPE_LABELS[b.r.type]) || byScore(a, b));
    case 'title':
      return items.sort((a, b) => collator.compare(a.r.title, b.r.title) || a.i - b.i);
  }
}

export function filterItems(items: readonly Item[], type: ResourceType | 'all'): Item[] {
  return type === 'all' ? [...items] : items.filter((x) => x.r.type === type);
}

/** Each type present, with its count, in the order of the type labels. */
export function typeCounts(results: readonly Resource[]): [ResourceType, number][] {
  const counts = new Map<ResourceType, number>();
  for (const r of results) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return (Object.keys(TYPE_LABELS) as ResourceType[]).flatMap((t) => (counts.has(t) ? [[t, counts.get(t) ?? 0] as [ResourceType, number]] : []));
}

/** The URLs to paste into NotebookLM: newline-separated, http(s) only, no duplicates. */
export function urlsToCopy(items: readonly Item[]): { text: string; count: number; skipped: number } {
  const urls = [...new Set(items.map((x) => x.r.url.trim()).filter(isHttpUrl))];
  return { text: urls.join('\n'), count: urls.length, skipped: items.length - urls.length };
}

const norm = (s: string): string => s.trim().toLowerCase();

export interface CoverageRow {
  chapter: string;
  /** Positions (in `results`) of the selected resources that cover this chapter. */
  coveredBy: number[];
  /** True when some result covers it, selected or not. */
  coveredByAny: boolean;
}

/** Which chapters each selected resource covers, and which chapters nothing covers. */
export function coverage(chapters: readonly string[], results: readonly Resource[], selected: readonly Item[]): CoverageRow[] {
  const topics = results.map((r) => new Set(r.coverage_topics.map(norm)));
  return chapters.map((chapter) => {
    const c = norm(chapter);
    return {
      chapter,
      coveredBy: selected.filter((x) => topics[x.i]?.has(c)).map((x) => x.i),
      coveredByAny: topics.some((t) => t.has(c)),
    };
  });
}
