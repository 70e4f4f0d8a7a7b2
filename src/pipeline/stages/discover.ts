import { normalizeUrl } from '../cache-keys';
import type { StageProgress } from '../pipeline';
import type { Candidate, DiscoveryProvider, DiscoveryQuery } from '../providers/provider';
import { ProviderHit } from './schemas';

const CATALOG = 'catalog';

export interface FoundCandidate {
  candidate: Candidate;
  /** Best retrieval score over all queries, and how many queries found it. */
  bestScore: number;
  hits: number;
  /** Chapters whose queries found it, in query order. */
  foundFor: string[];
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return out;
}

/**
 * Stage 2: every query against every enabled provider, at most `concurrency` at a time. Results are merged
 * by normalised URL in query order, so the outcome does not depend on which query finished first.
 */
export async function discover(
  queries: readonly DiscoveryQuery[],
  providers: readonly DiscoveryProvider[],
  concurrency: number,
  signal: AbortSignal,
  progress: (p: StageProgress) => void,
): Promise<FoundCandidate[]> {
  progress({ stage: 'resource_discovery', detail: `${queries.length} searches across ${providers.map((p) => p.name).join(', ')}` });
  const tasks = queries.flatMap((q) => providers.map((p) => ({ q, p })));
  const results = await mapBounded(tasks, concurrency, async ({ q, p }) => {
    signal.throwIfAborted();
    const hits = await p.search(q, signal);
    // An untrusted provider's malformed hit (bad URL, unknown licence id) is dropped, not fatal.
    return { q, hits: p.name === CATALOG ? hits : hits.filter((h) => ProviderHit.safeParse(h).success) };
  });
  const merged = new Map<string, FoundCandidate>();
  for (const { q, hits } of results) {
    for (const h of hits) {
      const key = normalizeUrl(h.candidate.url);
      let f = merged.get(key);
      if (!f) {
        f = { candidate: h.candidate, bestScore: 0, hits: 0, foundFor: [] };
        merged.set(key, f);
      }
      f.bestScore = Math.max(f.bestScore, h.score);
      f.hits++;
      if (q.chapter && !f.foundFor.includes(q.chapter)) f.foundFor.push(q.chapter);
    }
  }
  progress({ stage: 'resource_discovery', detail: `${merged.size} candidates found` });
  return [...merged.values()];
}
