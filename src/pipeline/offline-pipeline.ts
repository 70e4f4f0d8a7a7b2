import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Resource } from '../contracts/resource';
import type { Catalog } from './catalog/catalog';
import { PipelineError } from './errors';
import type { PageFetcher } from './fetch/types';
import type { DiscoveryPipeline, PipelineContext, PipelineInput, PipelineOutput } from './pipeline';
import { CourseProfile } from './profile';
import { CatalogProvider } from './providers/catalog-provider';
import type { DiscoveryProvider } from './providers/provider';
import { analyseCourse } from './stages/analyse';
import { discover } from './stages/discover';
import { select, toResources } from './stages/format';
import { planQueries } from './stages/queries';
import { renderReport } from './stages/report';
import { validate } from './stages/validate';

/** Bump when a change to the stages changes answers, so cached results are not reused across it. */
export const PIPELINE_VERSION = 'offline-3';

export interface OfflinePipelineOptions {
  catalog: Catalog;
  fetchPage: PageFetcher;
  discoveryConcurrency: number;
  defaultMaxResults: number;
  /** Extra providers (web search, scholarly APIs) beside the catalog; none offline. */
  extraProviders?: readonly DiscoveryProvider[];
}

/** The default engine: four stages over the local catalog, deterministic for the same input and catalog. */
export function createOfflinePipeline(o: OfflinePipelineOptions): DiscoveryPipeline {
  const extra = o.extraProviders ?? [];
  return {
    async configHash() {
      const v = await o.catalog.version();
      return createHash('sha256')
        .update(JSON.stringify({ PIPELINE_VERSION, catalog: v, providers: ['catalog', ...extra.map((p) => p.name)] }))
        .digest('hex')
        .slice(0, 16);
    },
    run: (input, ctx) => runOffline(o, extra, input, ctx),
  };
}

async function runOffline(o: OfflinePipelineOptions, extra: readonly DiscoveryProvider[], input: PipelineInput, ctx: PipelineContext): Promise<PipelineOutput> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round((performance.now() - t0) * 10) / 10;
    }
  };
  const snapshot = await o.catalog.current();
  const i = input.inputs;

  let profile: CourseProfile;
  if (ctx.cachedProfile) {
    profile = CourseProfile.parse(ctx.cachedProfile);
    ctx.onProgress({ stage: 'course_analysis', detail: 'course analysis taken from the cache' });
  } else {
    ctx.onProgress({ stage: 'course_analysis', detail: 'reading the inputs' });
    profile = await timed('course_analysis', () => analyseCourse(input, { catalog: snapshot, fetchPage: o.fetchPage }, ctx.signal, ctx.onProgress));
    await ctx.onProfile(profile);
  }
  ctx.signal.throwIfAborted();

  const queries = planQueries(profile, { desired: i.desired_resource_types, targetedSites: i.targeted_sites });
  const found = await timed('resource_discovery', () =>
    discover(queries, [new CatalogProvider(snapshot), ...extra], o.discoveryConcurrency, ctx.signal, ctx.onProgress),
  );
  ctx.signal.throwIfAborted();

  const { kept } = await timed('validation', () => validate(found, profile, i.excluded_sites ?? [], ctx.onProgress));
  ctx.signal.throwIfAborted();

  ctx.onProgress({ stage: 'formatting', detail: 'choosing the best mix of resources' });
  const count = i.max_results ?? o.defaultMaxResults;
  const results = await timed('formatting', () =>
    z.array(Resource).parse(toResources(select(kept, profile, { count, desired: i.desired_resource_types, targetedSites: i.targeted_sites }), profile)),
  );
  if (results.length === 0) {
    throw new PipelineError('no_results', 'No free resources in our catalog match this course yet. Try broader topics, remove excluded sites, or give the textbook title.');
  }
  const title = searchTitleOf(profile, i.book_title);
  return {
    results,
    raw_output: renderReport(title, profile, results),
    search_title: title,
    metadata: {
      textbook_info: profile.textbook
        ? { title: profile.textbook.title, author: profile.textbook.author, isbn: profile.textbook.isbn, source: profile.textbook.source }
        : { title: null, author: null, isbn: null, source: 'not_found' },
      chapters: profile.chapters.map((c) => c.title),
      subjects: [...profile.subjects],
      level: profile.level,
      resource_count: results.length,
      timings_ms: timings,
    },
  };
}

function searchTitleOf(p: CourseProfile, bookTitle: string | undefined): string {
  if (p.course_title && p.course_number && !p.course_title.includes(p.course_number)) return `${p.course_number} ${p.course_title}`;
  return p.course_title ?? p.textbook?.title ?? bookTitle ?? (p.user_topics.slice(0, 3).join(', ') || 'Course');
}
