import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Priority } from '../contracts/vocabulary';
import type { Logger } from '../log/logger';
import { RetryLater, QueueUnavailableError, type EnqueueOptions, type JobHandler, type JobQueue, type QueueCounts } from './queue';
import { withTimeout, type RedisConnections } from './redis-connections';
import { isRedisFull } from './redis-errors';

/** BullMQ runs the lowest number first; jobs of one priority run in the order they were added. */
const PRIORITY: Record<Priority, number> = { high: 1, normal: 2, low: 3 };

export interface BullMqQueueOptions {
  name: string;
  connections: RedisConnections;
  log: Logger;
  /** Longest wait for Redis on the submit path before answering "unavailable". */
  commandTimeoutMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Crash recoveries BullMQ allows before it drops a job; the store's attempt count decides first. */
  maxStalledCount: number;
}

interface JobData {
  jobId: string;
}

/**
 * The distributed queue driver. Redis only carries ids: the BullMQ job id is our job id, so enqueue is
 * idempotent (a repeated add, or ioredis re-sending it after a reconnect, is a no-op). BullMQ never retries
 * on its own (one attempt, finished jobs removed); a retry is the runner's RetryLater, which moves the same
 * BullMQ job to the delayed set. A killed worker's job goes back to waiting once its lock expires.
 */
export class BullMqQueue implements JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | null = null;
  private workerClosing: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly opts: BullMqQueueOptions) {
    this.queue = new Queue<JobData>(opts.name, {
      connection: opts.connections.producer,
      defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
    });
    this.queue.on('error', (err: Error) => opts.log.warn({ err: err.message }, 'queue connection error'));
  }

  get name(): string {
    return this.opts.name;
  }

  /** The BullMQ queue itself, for the operators' dashboard. */
  get bullQueue(): Queue<JobData> {
    return this.queue;
  }

  async enqueue(jobId: string, o: EnqueueOptions): Promise<void> {
    await this.guard('enqueue', () =>
      this.queue.add(
        'discover',
        { jobId },
        { jobId, priority: PRIORITY[o.priority], ...(o.delayMs && o.delayMs > 0 ? { delay: o.delayMs } : {}) },
      ),
    );
  }

  async remove(jobId: string): Promise<void> {
    // A job that a worker holds is locked and stays; the runner's cancel signal stops it instead.
    await this.guard('remove', () => this.queue.remove(jobId));
  }

  async contains(jobId: string): Promise<boolean> {
    // The job's hash lives exactly while the job is waiting, prioritized, delayed or active (finished jobs are removed).
    const n = await this.guard('contains', () => this.opts.connections.producer.exists(this.queue.toKey(jobId)));
    return n === 1;
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.guard('counts', () => this.queue.getJobCounts('wait', 'prioritized', 'active', 'delayed'));
    return { waiting: (c.wait ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0 };
  }

  async memoryFull(): Promise<boolean> {
    const info = await this.guard('memory info', () => this.opts.connections.producer.info('memory'));
    const field = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    const max = field('maxmemory');
    // Redis refuses writes once used_memory passes maxmemory; a little headroom counts as full already.
    return max > 0 && field('used_memory') >= max * 0.98;
  }

  process(handler: JobHandler, concurrency: number): void {
    if (this.worker) throw new Error('this queue already has a worker');
    const log = this.opts.log;
    const worker = new Worker<JobData>(this.opts.name, (job, token) => this.runOne(handler, job, token), {
      connection: this.opts.connections.forWorker(),
      concurrency: Math.max(1, concurrency),
      lockDuration: this.opts.lockDurationMs,
      stalledInterval: this.opts.stalledIntervalMs,
      maxStalledCount: this.opts.maxStalledCount,
      // After a Redis outage the worker loop retries this soon (BullMQ's default is 15 s).
      runRetryDelay: 500,
      drainDelay: 5,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    });
    worker.on('error', (err: Error) => {
      if (isRedisFull(err)) log.error({ err: err.message }, 'Redis is out of memory (maxmemory): workers can neither take nor finish jobs until it has room');
      else log.warn({ err: err.message }, 'queue worker error');
    });
    worker.on('failed', (job: Job<JobData> | undefined, err: Error) =>
      log.warn({ jobId: job?.id, err: err.message }, 'queue dropped a job (its store record decides what happens next)'),
    );
    worker.on('stalled', (jobId: string) =>
      log.warn({ jobId }, 'job lock expired (its worker died, froze, or could not renew the lock): the job runs again on a worker'),
    );
    this.worker = worker;
  }

  /** Stops taking jobs and waits up to graceMs for running ones; running jobs past that are the runner's to abort. */
  async close(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    if (this.worker) {
      this.workerClosing ??= this.worker.close();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.workerClosing, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    }
  }

  /** Resolves when the worker has handed back or finished every job (after close and the runner's abort). */
  async closed(timeoutMs: number): Promise<void> {
    if (this.workerClosing) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.workerClosing, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
    await this.queue.close().catch(() => undefined);
  }

  private async runOne(handler: JobHandler, job: Job<JobData>, token: string | undefined): Promise<void> {
    const id = job.id ?? job.data.jobId;
    let retryIn: number | null = null;
    if (this.stopping) {
      retryIn = 0; // fetched just as shutdown began: hand it straight back without starting it
    } else {
      try {
        await handler(id);
      } catch (e) {
        // The handler records every failure in the store itself; only RetryLater concerns the queue.
        if (e instanceof RetryLater) retryIn = e.delayMs;
        else this.opts.log.error({ jobId: id, err: e }, 'job handler threw');
      }
    }
    if (retryIn === null) return;
    // The same BullMQ job waits in the delayed set (a hand-back uses delay 0), so Redis keeps holding it throughout.
    await job.moveToDelayed(Date.now() + retryIn, token);
    throw new DelayedError();
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(fn(), this.opts.commandTimeoutMs, `the queue did not answer ${what}`);
    } catch (e) {
      if (e instanceof QueueUnavailableError) throw e;
      throw new QueueUnavailableError(`the queue refused ${what}: ${(e as Error).message}`, 5, { cause: e });
    }
  }
}
