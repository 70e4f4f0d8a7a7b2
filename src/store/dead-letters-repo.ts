import type { Db, Queryable } from './db';

export type DeadLetterReason = 'attempts_exhausted' | 'worker_lost' | 'internal_error';

export interface DeadLetter {
  job_id: string;
  reason: DeadLetterReason;
  error: string | null;
  attempts: number;
  dead_at: Date;
  redriven_at: Date | null;
  redriven_to: string | null;
  search_title: string | null;
}

/** The dead-letter record: failed jobs an operator may want to run again. */
export class DeadLettersRepo {
  constructor(private readonly db: Db) {}

  /** Records a job that has just failed for good. Only a failed job is recorded, and only once. */
  record(jobId: string, reason: DeadLetterReason): Promise<boolean> {
    return recordDeadLetter(this.db, jobId, reason);
  }

  list(opts: { includeRedriven?: boolean; limit?: number } = {}): Promise<DeadLetter[]> {
    return this.db
      .query<DeadLetter>(
        `SELECT d.*, j.search_title FROM dead_letters d JOIN jobs j ON j.id = d.job_id
         WHERE $1::boolean OR d.redriven_at IS NULL ORDER BY d.dead_at DESC LIMIT $2`,
        [opts.includeRedriven ?? false, opts.limit ?? 100],
      )
      .then((r) => r.rows);
  }

  /** Dead letters not redriven yet (for the metrics). */
  async countWaiting(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dead_letters WHERE redriven_at IS NULL');
    return r.rows[0]?.n ?? 0;
  }

  get(jobId: string): Promise<DeadLetter | null> {
    return this.db
      .query<DeadLetter>('SELECT d.*, j.search_title FROM dead_letters d JOIN jobs j ON j.id = d.job_id WHERE d.job_id = $1', [jobId])
      .then((r) => r.rows[0] ?? null);
  }

  /** Claims the redrive of a dead letter for the new job id; false when it was already redriven. */
  async markRedriven(jobId: string, newJobId: string): Promise<boolean> {
    const r = await this.db.query(
      'UPDATE dead_letters SET redriven_at = now(), redriven_to = $2 WHERE job_id = $1 AND redriven_at IS NULL RETURNING job_id',
      [jobId, newJobId],
    );
    return r.rows.length > 0;
  }

  async unmarkRedriven(jobId: string): Promise<void> {
    await this.db.query('UPDATE dead_letters SET redriven_at = NULL, redriven_to = NULL WHERE job_id = $1', [jobId]);
  }
}

/**
 * Records a failed job in the dead-letter record. The jobs repository calls it inside the transaction that
 * fails the job, so a process that dies in between cannot leave a failed job without its dead letter.
 */
export async function recordDeadLetter(q: Queryable, jobId: string, reason: DeadLetterReason): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO dead_letters (job_id, reason, error, attempts)
     SELECT id, $2, error, attempt FROM jobs WHERE id = $1 AND status = 'failed'
     ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
    [jobId, reason],
  );
  return r.rows.length > 0;
}
