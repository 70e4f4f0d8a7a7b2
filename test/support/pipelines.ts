import type { DiscoveryPipeline, PipelineInput, PipelineOutput } from '../../src/pipeline/pipeline';

/** A quick pipeline whose answer is derived from the inputs, for lifecycle tests that don't test discovery. */
export function derivedPipeline(): DiscoveryPipeline & { runs: number } {
  const p = {
    runs: 0,
    configHash: () => Promise.resolve('test-derived-v1'),
    async run(input: PipelineInput, ctx: Parameters<DiscoveryPipeline['run']>[1]): Promise<PipelineOutput> {
      p.runs++;
      ctx.onProgress({ stage: 'course_analysis', detail: 'reading inputs' });
      const title = input.inputs.book_title ?? input.inputs.topics_list ?? 'course';
      await ctx.onProfile({
        course_title: title, course_number: null, term: null, university: null, textbook: null,
        subjects: ['mathematics'], level: 'introductory', user_topics: [], chapters: [{ title, topics: [] }], keywords: [], links: [],
      });
      ctx.onProgress({ stage: 'formatting', detail: 'writing report' });
      await new Promise((r) => setTimeout(r, 5));
      ctx.signal.throwIfAborted();
      const results = [1, 2, 3, 4, 5].map((n) => ({
        type: 'textbook' as const, title: `${title} part ${n}`, source: 'test', url: `https://example.org/${n}`,
        description: 'd', coverage_topics: [title], license: 'CC-BY-4.0' as const, license_source: 'catalog entry',
        notebooklm_format: 'webpage' as const, score: 90 - n, rationale: 'r',
      }));
      return {
        results,
        raw_output: `# ${title}\n`,
        search_title: title,
        metadata: { textbook_info: { title, author: null, source: 'user_provided' }, chapters: [title], subjects: ['mathematics'], level: 'introductory', resource_count: 5, timings_ms: {} },
      };
    },
  };
  return p;
}

/** A pipeline that holds its job in `running` until the job is aborted (cancel, timeout or shutdown). */
export function waitingPipeline(): DiscoveryPipeline & { started: string[]; aborted: string[] } {
  const p = {
    started: [] as string[],
    aborted: [] as string[],
    configHash: () => Promise.resolve('test-waiting-v1'),
    run(input: PipelineInput, ctx: Parameters<DiscoveryPipeline['run']>[1]): Promise<PipelineOutput> {
      const name = input.inputs.book_title ?? '?';
      p.started.push(name);
      ctx.onProgress({ stage: 'resource_discovery', detail: 'waiting on a slow source' });
      return new Promise((_resolve, reject) => {
        const onAbort = (): void => {
          p.aborted.push(name);
          reject(ctx.signal.reason as Error);
        };
        if (ctx.signal.aborted) onAbort();
        else ctx.signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
  return p;
}
