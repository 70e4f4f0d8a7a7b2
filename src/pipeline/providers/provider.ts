import type { LicenseId, ResourceType } from '../../contracts/vocabulary';
import type { Discipline, Level } from '../catalog/entry';
import type { QueryTerm } from '../index/catalog-index';

/** One query from the templates: the words to look for, and the filters that came with it. */
export interface DiscoveryQuery {
  /** Stable id, e.g. `ch3:video`, used to order and explain results. */
  id: string;
  /** Human-readable text, as a web search provider would send it. */
  text: string;
  terms: QueryTerm[];
  /** Resource types wanted, or null for any. */
  types: readonly ResourceType[] | null;
  /** Restrict to this host (targeted sites). */
  site: string | null;
  /** The chapter this query was built for, if any. */
  chapter: string | null;
  limit: number;
}

/** A resource a provider proposes, with the metadata validation needs. */
export interface Candidate {
  key: string;
  title: string;
  url: string;
  type: ResourceType;
  provider: string;
  description: string;
  subjects: readonly Discipline[];
  level: Level;
  topics: readonly string[];
  chapters: readonly string[];
  authors: readonly string[];
  license: LicenseId;
  /** Where the licence was read: a catalog entry, a page, or provider metadata. */
  license_source: string;
  /** Which provider found it. */
  found_by: string;
}

export interface ProviderHit {
  candidate: Candidate;
  score: number;
}

/**
 * A source of candidates. The offline catalog is one; web search, scholarly APIs and LLM-assisted
 * providers implement the same interface and are added to the provider list without touching the stages.
 */
export interface DiscoveryProvider {
  readonly name: string;
  search(query: DiscoveryQuery, signal: AbortSignal): Promise<ProviderHit[]>;
}
