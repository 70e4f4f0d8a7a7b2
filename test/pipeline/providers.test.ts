import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/pipeline/catalog/catalog';
import { createGuardedFetcher } from '../../src/pipeline/fetch/guarded-fetch';
import { createOfflinePipeline } from '../../src/pipeline/offline-pipeline';
import type { DiscoveryProvider, DiscoveryQuery, ProviderHit } from '../../src/pipeline/providers/provider';

/** A stand-in for a web-search provider: it proposes one good page and two malformed hits per query. */
class FakeSearchProvider implements DiscoveryProvider {
  readonly name = 'fake-search';
  queries: DiscoveryQuery[] = [];
  search(q: DiscoveryQuery): Promise<ProviderHit[]> {
    this.queries.push(q);
    const base = {
      key: 'fake-1', title: 'Open Statistics Lecture Notes', type: 'lecture_notes' as const, provider: 'Example University',
      description: 'Lecture notes on hypothesis testing and confidence intervals.', subjects: ['statistics' as const], level: 'introductory' as const,
      topics: ['hypothesis testing', 'confidence intervals'], chapters: [], authors: [], license: 'CC-BY-4.0' as const,
      license_source: 'page footer', found_by: 'fake-search',
    };
    return Promise.resolve([
      { candidate: { ...base, url: 'https://stats.example.edu/notes' }, score: 50 },
      { candidate: { ...base, key: 'bad-1', url: 'javascript:alert(1)' }, score: 99 },
      { candidate: { ...base, key: 'bad-2', url: 'https://x.example.edu/', license: 'made-up' as never }, score: 99 },
    ]);
  }
}

describe('discovery providers', () => {
  it('a new provider plugs in without touching the stages, and its malformed hits are dropped', async () => {
    const fake = new FakeSearchProvider();
    const pipeline = createOfflinePipeline({ catalog: new Catalog(null), fetchPage: createGuardedFetcher({}), discoveryConcurrency: 4, defaultMaxResults: 7, extraProviders: [fake] });
    const out = await pipeline.run(
      { inputs: { topics_list: 'hypothesis testing, confidence intervals', max_results: 7 }, upload: null },
      { signal: new AbortController().signal, onProgress: () => undefined, cachedProfile: null, onProfile: () => Promise.resolve() },
    );
    expect(fake.queries.length).toBeGreaterThan(7);
    expect(new Set(fake.queries.map((q) => q.id)).size).toBe(fake.queries.length);
    const urls = out.results.map((r) => r.url);
    expect(urls.some((u) => u.startsWith('javascript:'))).toBe(false);
    expect(urls).not.toContain('https://x.example.edu/');
    const notes = out.results.find((r) => r.url === 'https://stats.example.edu/notes');
    if (notes) expect(notes.license_source).toBe('page footer');
  });

  it('the same profile always gives the same queries', async () => {
    const a = new FakeSearchProvider();
    const b = new FakeSearchProvider();
    for (const p of [a, b]) {
      const pipeline = createOfflinePipeline({ catalog: new Catalog(null), fetchPage: createGuardedFetcher({}), discoveryConcurrency: 4, defaultMaxResults: 6, extraProviders: [p] });
      await pipeline.run(
        { inputs: { book_title: 'Calculus Volume 1' }, upload: null },
        { signal: new AbortController().signal, onProgress: () => undefined, cachedProfile: null, onProfile: () => Promise.resolve() },
      );
    }
    const ids = (p: FakeSearchProvider) => p.queries.map((q) => `${q.id}|${q.text}`).sort();
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a).some((q) => q.startsWith('ch1:lecture_videos|Functions and Graphs'))).toBe(true);
  });
});
