import type { CatalogEntry } from '../catalog/entry';
import type { CatalogSnapshot } from '../catalog/catalog';
import type { Candidate, DiscoveryProvider, DiscoveryQuery, ProviderHit } from './provider';

const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
};

export function candidateFromEntry(e: CatalogEntry): Candidate {
  return {
    key: e.id,
    title: e.title,
    url: e.url,
    type: e.type,
    provider: e.provider,
    description: e.description,
    subjects: e.subjects,
    level: e.level,
    topics: e.topics,
    chapters: e.chapters ?? [],
    authors: e.authors ?? [],
    license: e.license,
    license_source: e.origin && e.origin !== 'builtin' ? `catalog import (${e.origin})` : 'catalog entry',
    found_by: 'catalog',
  };
}

/** The offline provider: the local full-text index over the catalog. */
export class CatalogProvider implements DiscoveryProvider {
  readonly name = 'catalog';
  constructor(private readonly catalog: CatalogSnapshot) {}

  search(q: DiscoveryQuery, signal: AbortSignal): Promise<ProviderHit[]> {
    signal.throwIfAborted();
    const site = q.site;
    const filter = (e: CatalogEntry): boolean =>
      (!q.types || q.types.includes(e.type)) && (!site || hostOf(e.url) === site || hostOf(e.url).endsWith(`.${site}`));
    const hits = this.catalog.index.search(q.terms, q.limit, filter);
    return Promise.resolve(hits.map((h) => ({ candidate: candidateFromEntry(h.entry), score: h.score })));
  }
}
