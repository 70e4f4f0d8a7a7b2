import type { StatusResponse } from '../contracts/status';
import type { JobRecord } from './job-record';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The status JSON a client sees for a job row: the API response and every SSE event's data. */
export function toStatusView(job: JobRecord): StatusResponse {
  const i = job.inputs;
  return {
    job_id: job.id,
    status: job.status,
    status_message: job.status_message,
    search_title: job.search_title,
    results: job.results,
    raw_output: job.raw_output,
    error: job.error,
    metadata: { ...job.metadata, attempt: job.attempt, stage: job.progress.stage ?? job.metadata.stage },
    course_name: i.course_name ?? null,
    university_name: i.university_name ?? null,
    book_title: i.book_title ?? null,
    book_author: i.book_author ?? null,
    created_at: iso(job.created_at) as string,
    started_at: iso(job.started_at),
    completed_at: iso(job.completed_at),
    progress: job.progress,
  };
}
