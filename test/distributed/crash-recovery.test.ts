import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, CourseSite, courseJob, sleep, submit, until, type ApiProcess } from './harness';

describe('workers that crash or freeze', () => {
  const site = new CourseSite();
  let cluster: Cluster;
  let api: ApiProcess;

  beforeAll(async () => {
    await site.start();
  });
  afterEach(async () => {
    site.release();
    await cluster.close();
  });
  afterAll(async () => {
    await site.close();
  });

  it('a worker killed with kill -9 with 100 jobs in flight loses none: its jobs move on within 20 s and each ends once', async () => {
    cluster = await new Cluster().open();
    // Slow enough that the 100 jobs take longer than a heartbeat interval, so the victim still holds jobs when killed.
    site.delayMs = 2000;
    const workerEnv = { WORKER_CONCURRENCY: '8', WORKER_LOCK_DURATION_MS: '8000', WORKER_STALLED_INTERVAL_MS: '4000' };
    const [a, victim] = await Promise.all([cluster.api(), cluster.worker(workerEnv), cluster.worker(workerEnv)]);
    api = a;

    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await submit(api.base, courseJob(site, `k${i}`));
      expect(r.status).toBe(200);
      ids.push(r.body.job_id);
    }
    // Kill the first worker while it holds jobs.
    const held = await until('the victim to hold jobs', async () => {
      const w = (await cluster.liveWorkers()).find((x) => x.pid === victim.child.pid);
      return w && w.jobs.length > 0 ? w.jobs : null;
    });
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();

    const rows = await cluster.waitTerminal(ids, 150_000);
    expect(rows.map((r) => r.status).filter((s) => s !== 'completed')).toEqual([]);
    expect(Math.max(...rows.map((r) => r.result_writes))).toBe(1);
    // Each job reached exactly one terminal state in its event log.
    const finals = await cluster.store.db.query<{ job_id: string; n: number }>(
      `SELECT job_id, count(*)::int AS n FROM job_events WHERE job_id = ANY($1::uuid[]) AND data->>'status' IN ('completed','failed','cancelled') GROUP BY job_id`,
      [ids],
    );
    expect(finals.rows.length).toBe(100);
    expect(finals.rows.every((r) => r.n === 1)).toBe(true);

    // The killed worker's jobs were taken over (a second attempt) within 20 s of the kill. Only its jobs
    // get a second attempt; the heartbeat's list may be a few seconds old, so all jobs are looked at.
    const takeovers = await cluster.store.db.query<{ job_id: string; at: Date }>(
      `SELECT job_id, min(created_at) AS at FROM job_events
       WHERE job_id = ANY($1::uuid[]) AND data->>'status' = 'running' AND (data->'metadata'->>'attempt')::int = 2 GROUP BY job_id`,
      [ids],
    );
    const stillRunning = held.filter((id) => !takeovers.rows.some((t) => t.job_id === id));
    for (const id of stillRunning) expect(rows.find((r) => r.id === id)?.attempt).toBe(1); // it finished just before the kill
    const recoveryMs = takeovers.rows.map((t) => new Date(t.at).getTime() - killedAt);
    expect(takeovers.rows.length).toBeGreaterThan(0);
    expect(Math.max(...recoveryMs)).toBeLessThan(20_000);
  }, 240_000);

  it('a frozen worker woken after its lock expired cannot overwrite the newer attempt', async () => {
    cluster = await new Cluster().open();
    site.delayMs = 0;
    const workerEnv = { WORKER_CONCURRENCY: '1', WORKER_LOCK_DURATION_MS: '3000', WORKER_STALLED_INTERVAL_MS: '1000' };
    const [a] = await Promise.all([cluster.api(), cluster.worker(workerEnv), cluster.worker(workerEnv)]);
    api = a;
    site.holding = true;
    const { body } = await submit(api.base, courseJob(site, 'frozen'));
    const id: string = body.job_id;
    await until('a worker to fetch the course page', () => site.heldCount === 1);
    const holder = await until('a worker to hold the job', async () => (await cluster.liveWorkers()).find((w) => w.jobs.includes(id)));
    const frozen = cluster.procs.find((p) => p.child.pid === holder.pid)!;
    frozen.child.kill('SIGSTOP');
    try {
      // The other worker takes the job over once the frozen worker's lock expires.
      await until('attempt 2 to start', async () => (await cluster.job(id)).attempt === 2, 30_000);
      await until('attempt 2 to fetch', () => site.heldCount === 2, 10_000);
      site.release();
    } finally {
      frozen.child.kill('SIGCONT');
    }
    const [row] = await cluster.waitTerminal([id], 30_000);
    await sleep(2000); // give the woken worker time to try writing its stale result
    const after = await cluster.job(id);
    expect(row.status).toBe('completed');
    expect(after.attempt).toBe(2);
    expect(after.metadata.attempt).toBe(2);
    expect(after.result_writes).toBe(1);
    expect(after.completed_at).toEqual(row.completed_at);
  }, 120_000);
});
