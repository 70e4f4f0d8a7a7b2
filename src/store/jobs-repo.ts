import type { Resource } from '../contracts/resource';
import type { JobMetadata, Progress } from '../contracts/status';
import type { Priority } from '../contracts/vocabulary';
import type { Db, Queryable } from './db';
import { type DeadLetterReason, recordDeadLetter } from './dead-letters-repo';
import type { JobEvent, JobInputs, JobRecord } from './job-record';
import { toStatusView } from './job-view';

export interface NewJob {
  id: string;
  inputs: JobInputs;
  priority: Priority;
  maxAttempts: number;
  clientKey: string | null;
  searchTitle: string | null;
  idempotencyKey?: string;
  requestHash?: string;
  metadata?: Partial<JobMetadata>;
}

export type CreateOutcome =
  | { kind: 'created'; job: JobRecord }
  | { kind: 'existing'; job: JobRecord }
  | { kind: 'conflict'; job: JobRecord };

export type CancelOutcome = { kind: 'cancelled'; job: JobRecord } | { kind: 'not_found' } | { kind: 'already_ended'; job: JobRecord };

export interface Completion {
  results: Resource[];
  raw_output: string;
  search_title: string | null;
  metadata: Partial<JobMetadata>;
}

const IDEMPOTENCY_WINDOW = "interval '24 hours'";
const QUEUED_PROGRESS: Progress = { stage: 'queued', stage_index: 0, stage_count: 4, detail: 'Waiting for a worker' };
const UNFINISHED = `('pending','queued','running')`;

/**
 * Every write to a job goes through here. Each state change appends a status event in the same
 * transaction, and every write from a worker names its attempt, so a stale attempt changes nothing.
 */
export class JobsRepo {
  constructor(private readonly db: Db) {}

  async create(n: NewJob): Promise<CreateOutcome> {
    return this.db.transaction(async (tx) => {
      if (n.idempotencyKey) {
        // An expired key is released so the client's next submit starts a new job.
        await tx.query(
          `UPDATE jobs SET idempotency_key = NULL WHERE idempotency_key = $1 AND created_at < now() - ${IDEMPOTENCY_WINDOW}`,
          [n.idempotencyKey],
        );
      }
      const metadata: JobMetadata = { cache_used: false, attempt: 0, stage: 'queued', ...n.metadata };
      const inserted = await tx.query<JobRecord>(
        `INSERT INTO jobs (id, status, inputs, priority, max_attempts, client_key, search_title, idempotency_key, request_hash,
                           status_message, metadata, progress, event_seq)
         VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, 'Job received', $9, $10, 1)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          n.id,
          JSON.stringify(n.inputs),
          n.priority,
          n.maxAttempts,
          n.clientKey,
          n.searchTitle,
          n.idempotencyKey ?? null,
          n.requestHash ?? null,
          JSON.stringify(metadata),
          JSON.stringify({ ...QUEUED_PROGRESS, detail: 'Job received' }),
        ],
      );
      const job = inserted.rows[0];
      if (job) {
        await insertEvent(tx, job, 'status');
        return { kind: 'created', job };
      }
      const existing = await tx.query<JobRecord & { request_hash: string | null }>(
        'SELECT * FROM jobs WHERE idempotency_key = $1',
        [n.idempotencyKey],
      );
      const prior = existing.rows[0];
      if (!prior) throw new Error('idempotency key vanished during insert');
      return prior.request_hash === (n.requestHash ?? null) ? { kind: 'existing', job: prior } : { kind: 'conflict', job: prior };
    });
  }

  /** True when a job already holds this idempotency key (within its 24 h window). */
  async hasIdempotencyKey(key: string): Promise<boolean> {
    const r = await this.db.query(`SELECT 1 FROM jobs WHERE idempotency_key = $1 AND created_at >= now() - ${IDEMPOTENCY_WINDOW}`, [key]);
    return r.rows.length > 0;
  }

  get(id: string): Promise<JobRecord | null> {
    return this.db.query<JobRecord>('SELECT * FROM jobs WHERE id = $1', [id]).then((r) => r.rows[0] ?? null);
  }

  markQueued(id: string): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status = 'queued', status_message = 'Waiting for a worker', progress = $2, updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND status = 'pending' RETURNING *`,
      [id, JSON.stringify(QUEUED_PROGRESS)],
    );
  }

  /** Completes a just-created job from the full-results cache, without a worker. */
  completeFromCache(id: string, c: Completion): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status = 'completed', results = $2, raw_output = $3, search_title = COALESCE($4, search_title),
         metadata = metadata || $5::jsonb, progress = $6, status_message = 'Completed from cache', result_writes = result_writes + 1,
         started_at = now(), completed_at = now(), updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND status = 'pending' RETURNING *`,
      [id, JSON.stringify(c.results), c.raw_output, c.search_title, JSON.stringify({ ...c.metadata, cache_used: true }), JSON.stringify(DONE)],
    );
  }

  /**
   * Starts a new attempt. Returns null when the job must not run: it ended, or a cancel landed first.
   * `running` is claimable too, so a job whose worker died is taken over (its attempt number moves on).
   */
  claim(id: string): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status = 'running', attempt = attempt + 1, started_at = COALESCE(started_at, now()),
         status_message = 'Starting', updated_at = now(), event_seq = event_seq + 1,
         metadata = jsonb_set(metadata, '{attempt}', to_jsonb(attempt + 1))
       WHERE id = $1 AND status IN ${UNFINISHED} AND NOT cancel_requested RETURNING *`,
      [id],
    );
  }

  reportProgress(id: string, attempt: number, progress: Progress): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET progress = $3, status_message = $4, metadata = jsonb_set(metadata, '{stage}', to_jsonb($5::text)),
         updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING *`,
      [id, attempt, JSON.stringify(progress), progress.detail, progress.stage],
      'progress',
    );
  }

  /** Records analysis facts (chapters, textbook) as soon as stage 1 knows them. */
  mergeMetadata(id: string, attempt: number, patch: Partial<JobMetadata>, searchTitle: string | null): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET metadata = metadata || $3::jsonb, search_title = COALESCE($4, search_title), updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING *`,
      [id, attempt, JSON.stringify(patch), searchTitle],
      'progress',
    );
  }

  complete(id: string, attempt: number, c: Completion): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status = 'completed', results = $3, raw_output = $4, search_title = COALESCE($5, search_title),
         metadata = metadata || $6::jsonb, progress = $7, status_message = $8, result_writes = result_writes + 1,
         completed_at = now(), updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING *`,
      [
        id,
        attempt,
        JSON.stringify(c.results),
        c.raw_output,
        c.search_title,
        JSON.stringify(c.metadata),
        JSON.stringify(DONE),
        `Found ${c.results.length} resources`,
      ],
    );
  }

  /**
   * Fails the job. With an attempt, only that attempt may fail it; without one, any unfinished job.
   * With a dead-letter reason, the job enters the dead-letter record in the same transaction.
   */
  fail(id: string, attempt: number | null, error: string, deadLetter: DeadLetterReason | null = null): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status = 'failed', error = $3, status_message = $3, completed_at = now(), updated_at = now(),
         event_seq = event_seq + 1
       WHERE id = $1 AND status IN ${UNFINISHED} AND ($2::int IS NULL OR (attempt = $2 AND status = 'running')) RETURNING *`,
      [id, attempt, error],
      'status',
      deadLetter ? (tx, job) => recordDeadLetter(tx, job.id, deadLetter) : undefined,
    );
  }

  /**
   * Ends a job the queue never accepted (the client was told to submit again) and frees its idempotency key,
   * so the retry with the same key starts a new job instead of finding this failed one.
   */
  failUnaccepted(id: string, error: string): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status = 'failed', error = $2, status_message = $2, idempotency_key = NULL, completed_at = now(),
         updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND status IN ('pending', 'queued') RETURNING *`,
      [id, error],
    );
  }

  /** Notes a retry; the job stays `running` while it waits for its next attempt. */
  noteRetry(id: string, attempt: number, message: string): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status_message = $3, updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING *`,
      [id, attempt, message],
    );
  }

  /** Durable cancel: the job is final at once; a worker still running it learns through the cancel signal. */
  async cancel(id: string): Promise<CancelOutcome> {
    const job = await this.transition(
      `UPDATE jobs SET status = 'cancelled', cancel_requested = true, status_message = 'Search cancelled',
         completed_at = now(), updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND status IN ${UNFINISHED} RETURNING *`,
      [id],
    );
    if (job) return { kind: 'cancelled', job };
    const current = await this.get(id);
    return current ? { kind: 'already_ended', job: current } : { kind: 'not_found' };
  }

  /**
   * A worker shutting down hands a job back: it waits in the queue again, and the attempt it gave up is
   * not counted against it (max_attempts moves up by one). Only the attempt that holds the job may do this.
   */
  release(id: string, attempt: number): Promise<JobRecord | null> {
    return this.transition(
      `UPDATE jobs SET status = 'queued', status_message = 'Waiting for a worker', progress = $3, max_attempts = max_attempts + 1,
         updated_at = now(), event_seq = event_seq + 1
       WHERE id = $1 AND attempt = $2 AND status = 'running' RETURNING *`,
      [id, attempt, JSON.stringify(QUEUED_PROGRESS)],
    );
  }

  /** Status and current attempt of each job, for a worker to learn that an attempt it runs was cancelled or superseded. */
  attempts(ids: readonly string[]): Promise<{ id: string; status: JobRecord['status']; attempt: number }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .query<{ id: string; status: JobRecord['status']; attempt: number }>('SELECT id, status, attempt FROM jobs WHERE id = ANY($1::uuid[])', [ids])
      .then((r) => r.rows);
  }

  /** How many jobs are pending, queued and running (for the metrics). */
  async countUnfinished(): Promise<Record<'pending' | 'queued' | 'running', number>> {
    const r = await this.db.query<{ status: 'pending' | 'queued' | 'running'; n: number }>(
      `SELECT status, count(*)::int AS n FROM jobs WHERE status IN ${UNFINISHED} GROUP BY status`,
    );
    const out = { pending: 0, queued: 0, running: 0 };
    for (const row of r.rows) out[row.status] = row.n;
    return out;
  }

  listUnfinished(): Promise<JobRecord[]> {
    return this.db
      .query<JobRecord>(`SELECT * FROM jobs WHERE status IN ${UNFINISHED} ORDER BY created_at`)
      .then((r) => r.rows);
  }

  eventsAfter(id: string, seq: number): Promise<JobEvent[]> {
    return this.db
      .query<JobEvent>('SELECT job_id, seq, kind, data FROM job_events WHERE job_id = $1 AND seq > $2 ORDER BY seq', [id, seq])
      .then((r) => r.rows);
  }

  private async transition(
    sql: string,
    params: unknown[],
    kind: 'status' | 'progress' = 'status',
    also?: (tx: Queryable, job: JobRecord) => Promise<unknown>,
  ): Promise<JobRecord | null> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<JobRecord>(sql, params);
      const job = r.rows[0];
      if (job) {
        await insertEvent(tx, job, kind);
        if (also) await also(tx, job);
      }
      return job ?? null;
    });
  }
}

const DONE: Progress = { stage: 'done', stage_index: 4, stage_count: 4, detail: 'Done' };

async function insertEvent(tx: Queryable, job: JobRecord, kind: 'status' | 'progress'): Promise<void> {
  await tx.query('INSERT INTO job_events (job_id, seq, kind, data) VALUES ($1, $2, $3, $4)', [
    job.id,
    job.event_seq,
    kind,
    JSON.stringify(toStatusView(job)),
  ]);
}
