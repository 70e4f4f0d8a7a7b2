import { STAGES } from '../contracts/vocabulary';
import type { Logger } from '../log/logger';
import { cacheKeys } from '../pipeline/cache-keys';
import { isPipelineError, type PipelineError } from '../pipeline/errors';
import type { AttemptObserver, AttemptOutcome } from '../metrics/metrics';
import type { DiscoveryPipeline, PipelineOutput, UploadedDocument } from '../pipeline/pipeline';
import type { CourseProfile } from '../pipeline/profile';
import type { EventBus } from '../queue/event-bus';
import { publishJob } from '../queue/publish';
import { RetryLater } from '../queue/queue';
import { StoreUnavailableError } from '../store/db';
import type { DeadLetterReason } from '../store/dead-letters-repo';
import type { JobRecord } from '../store/job-record';
import type { Store } from '../store/open';
import { retryDelayMs } from './retry-policy';

export interface JobRunnerOptions {
  jobTimeoutSeconds: number;
  analysisTtlDays: number;
  resultsTtlDays: number;
  defaultMaxResults: number;
  /**
   * How often to re-read the store for the jobs this worker runs, so an attempt that was cancelled or taken
   * over (this worker froze past its lock) stops even if the cancel signal was lost. 0 turns it off.
   */
  leaseCheckMs?: number;
}

const STAGE_LABEL: Record<(typeof STAGES)[number], string> = {
  course_analysis: 'Analysing course',
  resource_discovery: 'Finding resources',
  validation: 'Checking resources',
  formatting: 'Preparing results',
};

/** How long a job waits in the queue when the database could not be reached. */
const STORE_RETRY_MS = 2000;

class JobTimeout extends Error {}
/** Why an attempt was stopped from outside the pipeline; each ends differently. */
class Cancelled extends Error {}
class Superseded extends Error {}
class Shutdown extends Error {}

interface Running {
  ac: AbortController;
  /** Set once the claim succeeded. */
  attempt: number | null;
}

/**
 * Runs one job attempt: claim it in the store, run the pipeline under an AbortSignal, and write the
 * outcome with the attempt number, so a cancelled, timed-out or superseded attempt writes nothing.
 */
export class JobRunner {
  private readonly running = new Map<string, Running>();
  private readonly stopCancelListener: () => void;
  private readonly leaseTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly pipeline: DiscoveryPipeline,
    private readonly opts: JobRunnerOptions,
    private readonly log: Logger,
    private readonly observer: AttemptObserver | null = null,
  ) {
    this.stopCancelListener = bus.onCancel((jobId) => this.running.get(jobId)?.ac.abort(new Cancelled('cancelled')));
    if (opts.leaseCheckMs && opts.leaseCheckMs > 0) {
      this.leaseTimer = setInterval(() => void this.checkLeases(), opts.leaseCheckMs);
      this.leaseTimer.unref();
    }
  }

  get activeCount(): number {
    return this.running.size;
  }

  /** The ids of the jobs this worker holds right now (for its heartbeat). */
  activeJobIds(): string[] {
    return [...this.running.keys()];
  }

  /** The queue handler. It records every outcome in the store; it throws only RetryLater. */
  readonly handle = async (jobId: string): Promise<void> => {
    // Listen for a cancel before claiming, so a cancel that lands just as the job starts is not missed.
    const entry: Running = { ac: new AbortController(), attempt: null };
    this.running.set(jobId, entry);
    try {
      // The claim reads the durable cancel flag: a job cancelled while queued never starts.
      const job = await this.store.jobs.claim(jobId);
      if (!job) return; // cancelled or finished before it could start
      entry.attempt = job.attempt;
      if (job.attempt > job.max_attempts) {
        // Each start counts, so a job whose workers keep dying (killed, out of memory) stops here.
        await this.failForGood(job, 'The workers running this search stopped too many times. Please submit it again.', 'worker_lost');
        this.observer?.attemptEnded('failed', 0);
        return;
      }
      await publishJob(this.bus, job);
      await this.runAttempt(job, entry.ac);
    } catch (e) {
      if (!(e instanceof StoreUnavailableError)) throw e;
      // The claim or the outcome could not be written: the job stays in the queue and is tried again
      // shortly; its store record (pending, queued or running) is what the next try starts from.
      this.log.warn({ jobId, err: e.message }, 'database unreachable: the job goes back to the queue');
      throw new RetryLater(STORE_RETRY_MS, 'database unreachable');
    } finally {
      // A newer attempt of the same job may run here already (this process stalled past its lock and took it back).
      if (this.running.get(jobId) === entry) this.running.delete(jobId);
    }
  };

  /** Aborts every running attempt. On shutdown each is handed back to the queue for another worker. */
  abortAll(): void {
    for (const r of this.running.values()) r.ac.abort(new Shutdown('shutdown'));
  }

  close(): void {
    this.stopCancelListener();
    if (this.leaseTimer) clearInterval(this.leaseTimer);
  }

  /** Stops attempts whose job was cancelled or given to a newer attempt while this worker was not looking. */
  private async checkLeases(): Promise<void> {
    const held = [...this.running.entries()].filter(([, r]) => r.attempt !== null && !r.ac.signal.aborted);
    if (held.length === 0) return;
    try {
      const rows = await this.store.jobs.attempts(held.map(([id]) => id));
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const [id, r] of held) {
        const row = byId.get(id);
        if (!row) continue;
        if (row.status === 'cancelled') r.ac.abort(new Cancelled('cancelled'));
        else if (row.status !== 'running' || row.attempt !== r.attempt) r.ac.abort(new Superseded('superseded'));
      }
    } catch (err) {
      this.log.warn({ err }, 'lease check failed');
    }
  }

  private async runAttempt(job: JobRecord, ac: AbortController): Promise<void> {
    const log = this.log.child({ jobId: job.id, attempt: job.attempt });
    const timer = setTimeout(() => ac.abort(new JobTimeout()), this.opts.jobTimeoutSeconds * 1000);
    timer.unref();
    const started = Date.now();
    let outcome: AttemptOutcome = 'failed';
    log.info('job started');
    try {
      const out = await this.execute(job, ac.signal);
      const done = await this.store.jobs.complete(job.id, job.attempt, {
        results: out.results,
        raw_output: out.raw_output,
        search_title: out.search_title,
        metadata: { ...out.metadata, cache_used: false },
      });
      outcome = done ? 'completed' : 'superseded';
      if (done) {
        await publishJob(this.bus, done);
        log.info({ ms: Date.now() - started, results: out.results.length }, 'job completed');
      } else {
        log.info('result discarded: the job was cancelled or taken over');
      }
    } catch (e) {
      if (e instanceof StoreUnavailableError && !ac.signal.aborted) {
        outcome = 'retrying';
        throw e;
      }
      outcome = this.failureOutcome(job, e, ac.signal);
      await this.onFailure(job, e, outcome, log);
    } finally {
      clearTimeout(timer);
      this.observer?.attemptEnded(outcome, (Date.now() - started) / 1000);
    }
  }

  private async execute(job: JobRecord, signal: AbortSignal): Promise<PipelineOutput> {
    const upload = await this.loadUpload(job);
    const configHash = await this.pipeline.configHash();
    const keys = cacheKeys(job.inputs, upload?.sha256 ?? null, configHash, this.opts.defaultMaxResults);
    const cachedProfile = job.inputs.bypass_cache ? null : await this.store.cache.get<CourseProfile>('analysis', keys.analysis);
    // Progress writes go one after another, so the stored events (and every SSE client) see the stages
    // in the order the pipeline reported them; the pipeline itself never waits for them.
    let progressWrites: Promise<unknown> = Promise.resolve();
    const out = await this.pipeline.run(
      { inputs: job.inputs, upload },
      {
        signal,
        cachedProfile,
        onProgress: (p) => {
          const index = STAGES.indexOf(p.stage);
          const progress = { stage: p.stage, stage_index: index + 1, stage_count: STAGES.length, detail: `${STAGE_LABEL[p.stage]}: ${p.detail}` };
          progressWrites = progressWrites
            .then(() => this.store.jobs.reportProgress(job.id, job.attempt, progress))
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
    await progressWrites;
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

  /** How a failed or aborted attempt ends; onFailure writes it. */
  private failureOutcome(job: JobRecord, e: unknown, signal: AbortSignal): AttemptOutcome {
    if (signal.aborted) {
      const reason: unknown = signal.reason;
      if (reason instanceof JobTimeout) return 'timed_out';
      if (reason instanceof Shutdown) return 'handed_back';
      if (reason instanceof Cancelled) return 'cancelled';
      return 'superseded';
    }
    if (isPipelineError(e) && e.retryable && job.attempt < job.max_attempts) return 'retrying';
    return 'failed';
  }

  private async onFailure(job: JobRecord, e: unknown, outcome: AttemptOutcome, log: Logger): Promise<void> {
    switch (outcome) {
      case 'timed_out': {
        const failed = await this.store.jobs.fail(
          job.id,
          job.attempt,
          `The search took longer than ${this.opts.jobTimeoutSeconds} s and was stopped. Try fewer topics or a more specific input.`,
        );
        await publishJob(this.bus, failed);
        log.warn('job timed out');
        return;
      }
      case 'handed_back': {
        // Hand the job back: it waits in the queue for another worker, and this attempt does not count.
        const released = await this.store.jobs.release(job.id, job.attempt);
        await publishJob(this.bus, released);
        log.info('job handed back to the queue on shutdown');
        if (released) throw new RetryLater(0, 'handed back');
        return;
      }
      case 'cancelled':
      case 'superseded':
        log.info({ reason: outcome }, 'job aborted');
        return;
      case 'retrying': {
        const pe = e as PipelineError;
        const delay = retryDelayMs(job.attempt, pe.retryAfterSeconds);
        const noted = await this.store.jobs.noteRetry(job.id, job.attempt, `Retrying in ${Math.ceil(delay / 1000)} s: ${pe.message}`);
        await publishJob(this.bus, noted);
        log.warn({ delay, code: pe.code }, 'job will retry');
        if (noted) throw new RetryLater(delay);
        return;
      }
      default:
        break;
    }
    if (isPipelineError(e)) {
      log.info({ code: e.code }, 'job failed');
      // A retryable failure that used every attempt goes to the dead-letter record; one that can never succeed does not.
      await this.failForGood(job, e.message, e.retryable ? 'attempts_exhausted' : null);
      return;
    }
    log.error({ err: e }, 'job failed with an unexpected error');
    await this.failForGood(job, 'An internal error stopped this search. Please try again in a few minutes.', 'internal_error');
  }

  private async failForGood(job: JobRecord, message: string, deadLetter: DeadLetterReason | null): Promise<void> {
    const failed = await this.store.jobs.fail(job.id, job.attempt, message, deadLetter);
    await publishJob(this.bus, failed);
    if (failed && deadLetter) {
      this.log.warn({ jobId: job.id, attempt: job.attempt, reason: deadLetter }, 'job moved to the dead-letter record');
    }
  }
}
