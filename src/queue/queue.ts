import type { Priority } from '../contracts/vocabulary';

/** Thrown by a job handler to have the queue run the job again after a delay. */
export class RetryLater extends Error {
  override name = 'RetryLater';
  constructor(readonly delayMs: number, message = 'retry later') {
    super(message);
  }
}

export interface EnqueueOptions {
  priority: Priority;
  /** Start no earlier than this many ms from now. */
  delayMs?: number;
}

export type JobHandler = (jobId: string) => Promise<void>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
}

/**
 * Carries job ids to workers. The job itself lives in the store; the queue only says "run this id".
 * Two drivers: in-process (embedded) and BullMQ (distributed). Enqueue is idempotent per job id.
 */
export interface JobQueue {
  readonly driver: 'in-process' | 'bullmq';
  enqueue(jobId: string, opts: EnqueueOptions): Promise<void>;
  /** Drops a job that has not started; a no-op when it is running or unknown. */
  remove(jobId: string): Promise<void>;
  /** True when the queue holds the job (waiting, delayed or active). Used by the reconciler. */
  contains(jobId: string): Promise<boolean>;
  /** Starts consuming with at most `concurrency` jobs at once. */
  process(handler: JobHandler, concurrency: number): void;
  counts(): Promise<QueueCounts>;
  /** True when the queue's store is at its memory limit and refuses writes (Redis maxmemory). */
  memoryFull(): Promise<boolean>;
  /** Stops taking jobs and waits up to graceMs for running ones. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The queue's backing service (Redis) cannot take the request right now: down, full or too slow.
 * The API answers 503 with Retry-After; nothing was enqueued.
 */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  readonly code = 'queue_unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
