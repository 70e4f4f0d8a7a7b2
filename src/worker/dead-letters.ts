import { randomUUID } from 'node:crypto';
import type { EventBus } from '../queue/event-bus';
import { publishJob } from '../queue/publish';
import type { JobQueue } from '../queue/queue';
import { DeadLettersRepo } from '../store/dead-letters-repo';
import type { JobRecord } from '../store/job-record';
import type { Store } from '../store/open';

export type RedriveOutcome =
  | { kind: 'redriven'; job: JobRecord; enqueued: boolean }
  | { kind: 'not_found' }
  | { kind: 'already_redriven'; to: string | null };

/**
 * Runs a dead-lettered job again as a new job with the same inputs and priority; the new job's metadata
 * names the old one (redriven_from) and the old job stays failed. Without a queue (or when it is down) the
 * new job waits as queued in the store until the reconciler enqueues it.
 */
export async function redriveDeadLetter(
  store: Store,
  queue: JobQueue | null,
  bus: EventBus | null,
  jobId: string,
  maxAttempts: number,
): Promise<RedriveOutcome> {
  const letters = new DeadLettersRepo(store.db);
  const letter = await letters.get(jobId);
  const old = letter ? await store.jobs.get(jobId) : null;
  if (!letter || !old) return { kind: 'not_found' };
  const newId = randomUUID();
  if (!(await letters.markRedriven(jobId, newId))) return { kind: 'already_redriven', to: letter.redriven_to };
  try {
    const created = await store.jobs.create({
      id: newId,
      inputs: old.inputs,
      priority: old.priority,
      maxAttempts,
      clientKey: old.client_key,
      searchTitle: old.search_title,
      metadata: { redriven_from: old.id },
    });
    const queued = (await store.jobs.markQueued(created.job.id)) ?? created.job;
    if (bus) await publishJob(bus, queued);
    let enqueued = false;
    if (queue) {
      enqueued = await queue.enqueue(queued.id, { priority: queued.priority }).then(
        () => true,
        () => false,
      );
    }
    return { kind: 'redriven', job: queued, enqueued };
  } catch (e) {
    await letters.unmarkRedriven(jobId).catch(() => undefined);
    throw e;
  }
}
