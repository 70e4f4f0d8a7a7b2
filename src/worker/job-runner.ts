import { STAGES } from '../contracts/vocabulary';
import type { Logger } from '../log/logger';
import { cacheKeys } from '../pipeline/cache-keys';
import { isPipelineError } from '../pipeline/errors';
import type { DiscoveryPipeline, PipelineOutput, UploadedDocument } from '../pipeline/pipeline';
import type { CourseProfile } from '../pipeline/profile';
import type { EventBus } from '../queue/event-bus';
import { publishJob } from '../queue/publish';
import { RetryLater } from '../queue/queue';
import type { JobRecord } from '../store/job-record';
import type { Store } from '../store/open';
import { retryDelayMs } from './retry-policy';

export interface JobRunnerOptions {
  jobTimeoutSeconds: number;
  analysisTtlDays: number;
  resultsTtlDays: number;
  defaultMaxResults: number;
}

const STAGE_LABEL: Record<(typeof STAGES)[number], string> = {
  course_analysis: 'Analysing course',
  resource_discovery: 'Finding resources',
  validation: 'Checking resources',
  formatting: 'Preparing results',
};

class JobTimeout extends Error {}

/**
 * Runs one job attempt: claim it in the store, run the pipeline under an AbortSignal, and write the
 * outcome with the attempt number, so a cancelled, timed-out or superseded attempt writes nothing.
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();
  private readonly stopCancelListener: () => void;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly pipeline: DiscoveryPipeline,
    private readonly opts: JobRunnerOptions,
    private readonly log: Logger,
  ) {
    this.stopCancelListener = bus.onCancel((jobId) => this.running.get(jobId)?.abort(new Error('cancelled')));
  }

  get activeCount(): number {
    return this.running.size;
  }

  /** The queue handler. It records every outcome in the store; it throws only RetryLater. */
  readonly handle = async (jobId: string): Promise<void> => {
    // Listen for a cancel before claiming, so a cancel that lands just as the job starts is not missed.
    const ac = new AbortController();
    this.running.set(jobId, ac);
    try {
      const job = await this.store.jobs.claim(jobId);
      if (!job) return; // cancelled or finished before it could start
      await publishJob(this.bus, job);
      await this.runAttempt(job, ac);
    } finally {
      this.running.delete(jobId);
    }
  };

  /** Aborts every running attempt (used on shutdown after the grace period). */
  abortAll(): void {
    for (const ac of this.running.values()) ac.abort(new Error('shutdown'));
  }

  close(): void {
    this.stopCancelListener();
  }

  private async runAttempt(job: JobRecord, ac: AbortController): Promise<void> {
    const log = this.log.child({ jobId: job.id, attempt: job.attempt });
    const timer = setTimeout(() => ac.abort(new JobTimeout()), this.opts.jobTimeoutSeconds * 1000);
    timer.unref();
    const started = Date.now();
    log.info('job started');
    try {
      const out = await this.execute(job, ac.signal);
      const done = await this.store.jobs.complete(job.id, job.attempt, {
        results: out.results,
        raw_output: out.raw_output,
        search_title: out.search_title,
        metadata: { ...out.metadata, cache_used: false },
      });
      if (done) {
        await publishJob(this.bus, done);
        log.info({ ms: Date.now() - started, results: out.results.length }, 'job completed');
      } else {
        log.info('result discarded: the job was cancelled or taken over');
      }
    } catch (e) {
      await this.onFailure(job, e, ac.signal, log);
    } finally {
      clearTimeout(timer);
    }
  }

  private async execute(job: JobRecord, signal: AbortSignal): Promise<PipelineOutput> {
    const upload = await this.loadUpload(job);
    const configHash = await this.pipeline.configHash();
    const keys = cacheKeys(job.inputs, upload?.sha256 ?? null, configHash, this.opts.defaultMaxResults);
    const cachedProfile = job.inputs.bypass_cache ? null : await this.store.cache.get<CourseProfile>('analysis', keys.analysis);
    const out = await this.pipeline.run(
      { inputs: job.inputs, upload },
      {
        signal,
        cachedProfile,
        onProgress: (p) => {
          const index = STAGES.indexOf(p.stage);
          void this.store.jobs
            .reportProgress(job.id, job.attempt, {
              stage: p.stage,
              stage_index: index + 1,
              stage_count: STAGES.length,
              detail: `${STAGE_LABEL[p.stage]}: ${p.detail}`,
            })
            .then((j) => publishJob(this.bus, j, 'progress'))
            .catch((err: unknown) => this.log.warn({ jobId: job.id, err }, 'progress write failed'));
        },
        onProfile: async (profile) => {
          if (!cachedProfile) {
            await this.store.cache.put('analysis', keys.analysis, configHash, job.inputs, profile, this.opts.analysisTtlDays);
          }
        },
      },
    );
    signal.throwIfAborted();
    await this.store.cache.put('full', keys.full, configHash, job.inputs, out, this.opts.resultsTtlDays);
    return out;
  }

  private async loadUpload(job: JobRecord): Promise<UploadedDocument | null> {
    const id = job.inputs.book_upload_id;
    if (!id) return null;
    const u = await this.store.uploads.get(id);
    if (!u) return null;
    return { media_type: u.media_type, text: u.text, outline: u.outline, sha256: u.sha256 };
  }

  private async onFailure(job: JobRecord, e: unknown, signal: AbortSignal, log: Logger): Promise<void> {
    if (signal.aborted) {
      const reason: unknown = signal.reason;
      if (reason instanceof JobTimeout) {
        const failed = await this.store.jobs.fail(
          job.id,
          job.attempt,
          `The search took longer than ${this.opts.jobTimeoutSeconds} s and was stopped. Try fewer topics or a more specific input.`,
        );
        await publishJob(this.bus, failed);
        log.warn('job timed out');
      } else {
        log.info({ reason: reason instanceof Error ? reason.message : String(reason) }, 'job aborted');
      }
      return;
    }
    if (isPipelineError(e) && e.retryable && job.attempt < job.max_attempts) {
      const delay = retryDelayMs(job.attempt, e.retryAfterSeconds);
      const noted = await this.store.jobs.noteRetry(job.id, job.attempt, `Retrying in ${Math.ceil(delay / 1000)} s: ${e.message}`);
      await publishJob(this.bus, noted);
      log.warn({ delay, code: e.code }, 'job will retry');
      throw new RetryLater(delay);
    }
    const message = isPipelineError(e) ? e.message : 'An internal error stopped this search. Please try again in a few minutes.';
    if (!isPipelineError(e)) log.error({ err: e }, 'job failed with an unexpected error');
    else log.info({ code: e.code }, 'job failed');
    const failed = await this.store.jobs.fail(job.id, job.attempt, message);
    await publishJob(this.bus, failed);
  }
}
