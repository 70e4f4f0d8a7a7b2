import type { Logger } from '../log/logger';
import type { EventBus } from '../queue/event-bus';
import { publishJob } from '../queue/publish';
import type { JobQueue } from '../queue/queue';
import type { Store } from '../store/open';

export interface ReconcileOptions {
  /**
   * The jobs live workers hold right now (from their heartbeats). A running job one of them holds is left
   * alone even when the queue lost it (a flushed Redis): its worker still writes the outcome.
   */
  held?: () => Promise<ReadonlySet<string>>;
  /** A pending job younger than this is still being submitted by its API process; leave it to that process. */
  minPendingAgeMs?: number;
  /**
   * Kept between passes: a running job is taken over only when two passes in a row find it orphaned, so a
   * worker whose heartbeat was briefly missing (Redis just flushed or restarted) keeps its job.
   */
  suspects?: Set<string>;
}

/**
 * Makes the queue agree with the store: a job that is pending, queued or running in the store but that
 * no queue holds is enqueued again (its next claim starts a new attempt), or failed once it has used
 * every attempt. Covers restarts, a crash between insert and enqueue, and a flushed queue.
 */
export async function reconcile(
  store: Store,
  queue: JobQueue,
  bus: EventBus,
  log: Logger,
  opts: ReconcileOptions = {},
): Promise<{ requeued: number; failed: number }> {
  let requeued = 0;
  let failed = 0;
  let held: ReadonlySet<string> | null = null;
  const now = Date.now();
  const orphaned = new Set<string>();
  for (const job of await store.jobs.listUnfinished()) {
    if (job.status === 'pending' && opts.minPendingAgeMs && now - new Date(job.created_at).getTime() < opts.minPendingAgeMs) continue;
    if (await queue.contains(job.id)) continue;
    if (job.status === 'running' && opts.held) {
      held ??= await opts.held();
      if (held.has(job.id)) continue;
    }
    if (job.status === 'running' && opts.suspects) {
      orphaned.add(job.id);
      if (!opts.suspects.has(job.id)) continue;
    }
    if (job.status === 'running' && job.attempt >= job.max_attempts) {
      const f = await store.jobs.fail(job.id, null, 'The worker running this search stopped too many times. Please submit it again.', 'worker_lost');
      await publishJob(bus, f);
      failed++;
      continue;
    }
    if (job.status === 'pending') await publishJob(bus, await store.jobs.markQueued(job.id));
    await queue.enqueue(job.id, { priority: job.priority });
    requeued++;
  }
  if (opts.suspects) {
    opts.suspects.clear();
    for (const id of orphaned) opts.suspects.add(id);
  }
  if (requeued || failed) log.info({ requeued, failed }, 'reconciled jobs with the queue');
  return { requeued, failed };
}
