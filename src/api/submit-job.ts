import { createHash, randomUUID } from 'node:crypto';
import type { SubmitRequest, SubmitResponse } from '../contracts/submit';
import type { Priority } from '../contracts/vocabulary';
import type { PipelineOutput } from '../pipeline/pipeline';
import { cacheKeys } from '../pipeline/cache-keys';
import { publishJob } from '../queue/publish';
import type { JobInputs, JobRecord } from '../store/job-record';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';

export interface SubmitContext {
  clientKey: string | null;
  idempotencyKey?: string;
  priority: Priority;
}

/** Idempotency keys are per client: two clients may use the same key for different searches. */
export const idempotencyStoreKey = (clientKey: string | null, key: string): string => `${clientKey ?? ''}:${key}`;

/** A short title for the search, shown in the status panel and history. */
export function searchTitle(i: JobInputs): string {
  if (i.book_title) return i.book_author ? `${i.book_title} by ${i.book_author}` : i.book_title;
  if (i.course_name) return i.university_name ? `${i.course_name} (${i.university_name})` : i.course_name;
  if (i.isbn) return `ISBN ${i.isbn}`;
  if (i.course_url) return `Course page ${new URL(i.course_url).hostname}`;
  if (i.book_url) return `Book page ${new URL(i.book_url).hostname}`;
  if (i.topics_list) return `Topics: ${i.topics_list.slice(0, 80)}`;
  if (i.book_upload_id) return 'Uploaded document';
  return 'Pasted syllabus';
}

export function toJobInputs(r: SubmitRequest): JobInputs {
  const { email: _e, priority: _p, ...rest } = r;
  return rest;
}

/**
 * Creates the job row first, then completes it from the full-results cache or hands it to the queue.
 * A crash between the two leaves a pending row that the reconciler enqueues, so nothing is lost.
 */
export async function submitJob(deps: ApiDeps, req: SubmitRequest, ctx: SubmitContext): Promise<{ response: SubmitResponse; job: JobRecord }> {
  const inputs = toJobInputs(req);
  let uploadSha: string | null = null;
  if (inputs.book_upload_id) {
    const upload = await deps.store.uploads.get(inputs.book_upload_id);
    if (!upload) {
      throw new ApiError(400, 'upload_not_found', 'That upload is unknown or expired (uploads are kept 24 h). Upload the file again.', [
        { field: 'book_upload_id', problem: 'no such upload' },
      ]);
    }
    uploadSha = upload.sha256;
  }
  const requestHash = createHash('sha256').update(JSON.stringify({ inputs, priority: ctx.priority })).digest('hex');
  const outcome = await deps.store.jobs.create({
    id: randomUUID(),
    inputs,
    priority: ctx.priority,
    maxAttempts: deps.config.JOB_MAX_ATTEMPTS,
    clientKey: ctx.clientKey,
    searchTitle: searchTitle(inputs),
    ...(ctx.idempotencyKey ? { idempotencyKey: idempotencyStoreKey(ctx.clientKey, ctx.idempotencyKey), requestHash } : {}),
  });
  if (outcome.kind === 'conflict') {
    throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request. Use a new key for a new search.');
  }
  if (outcome.kind === 'existing') {
    const j = outcome.job;
    return { response: { job_id: j.id, status: j.status, message: 'This request was already received; here is the same job.' }, job: j };
  }
  // Events are best effort and never hold up the answer: a hung Redis must cost one timeout (the enqueue), not four.
  void publishJob(deps.bus, outcome.job);

  if (!inputs.bypass_cache) {
    const configHash = await deps.pipeline.configHash();
    const keys = cacheKeys(inputs, uploadSha, configHash, deps.config.MAX_RESULTS_DEFAULT);
    const hit = await deps.store.cache.get<PipelineOutput>('full', keys.full);
    if (hit) {
      const done = await deps.store.jobs.completeFromCache(outcome.job.id, {
        results: hit.results,
        raw_output: hit.raw_output,
        search_title: hit.search_title,
        metadata: { ...hit.metadata },
      });
      if (done) {
        void publishJob(deps.bus, done);
        return { response: { job_id: done.id, status: 'completed', message: 'Found in the cache: results are ready.' }, job: done };
      }
    }
  }

  const queued = await deps.store.jobs.markQueued(outcome.job.id);
  void publishJob(deps.bus, queued);
  try {
    await deps.queue.enqueue(outcome.job.id, { priority: ctx.priority });
  } catch (e) {
    // The client is told to retry (503), so this row must never run as well: end it, and free its
    // idempotency key so that retry starts afresh, before answering.
    const ended = await deps.store.jobs
      .failUnaccepted(outcome.job.id, 'The queue was unavailable when this search was submitted. Please submit it again.')
      .catch(() => null);
    void publishJob(deps.bus, ended);
    throw e;
  }
  return {
    response: { job_id: outcome.job.id, status: 'queued', message: 'Search started. Follow its progress with GET /api/status/{job_id}.' },
    job: queued ?? outcome.job,
  };
}
