import type { JobRecord } from '../store/job-record';
import { toStatusView } from '../store/job-view';
import type { EventBus } from './event-bus';

/** Tells SSE listeners about a job change the store has just recorded (as event `job.event_seq`). */
export function publishJob(bus: EventBus, job: JobRecord | null, kind: 'status' | 'progress' = 'status'): Promise<void> {
  if (!job) return Promise.resolve();
  return bus.publishJobEvent(job.id, { seq: job.event_seq, kind, data: toStatusView(job) }).catch(() => undefined);
}
