import type { Logger } from '../log/logger';
import type { EventBus } from '../queue/event-bus';
import { publishJob } from '../queue/publish';
import type { JobQueue } from '../queue/queue';
import type { Store } from '../store/open';

/**
 * Makes the queue agree with the store: a job that is pending, queued or running in the store but that
 * no queue holds is enqueued again (its next claim starts a new attempt), or failed once it has used
 * every attempt. Covers restarts, a crash between insert and enqueue, and a flushed queue.
 */
export async function reconcile(store: Store, queue: JobQueue, bus: EventBus, log: Logger): Promise<{ requeued: number; failed: number }> {
  let requeued = 0;
  let failed = 0;
  for (const job of await store.jobs.listUnfinished()) {
    if (await queue.contains(job.id)) continue;
    if (job.status === 'running' && job.attempt >= job.max_attempts) {
      const f = await store.jobs.fail(job.id, null, 'The worker running this search stopped too many times. Please submit it again.');
      await publishJob(bus, f);
      failed++;
      continue;
    }
    if (job.status === 'pending') await publishJob(bus, await store.jobs.markQueued(job.id));
    await queue.enqueue(job.id, { priority: job.priority });
    requeued++;
  }
  if (requeued || failed) log.info({ requeued, failed }, 'reconciled jobs with the queue');
  return { requeued, failed };
}
