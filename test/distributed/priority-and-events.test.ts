import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse } from '../support/server';
import { ADMIN_TOKEN, Cluster, CourseSite, courseJob, sleep, submit, until, type ApiProcess, json } from './harness';

describe('one queue seen from several API instances and workers', () => {
  const site = new CourseSite();
  const cluster = new Cluster();
  let api1: ApiProcess;
  let api2: ApiProcess;

  beforeAll(async () => {
    await site.start();
    await cluster.open();
    [api1, api2] = await Promise.all([cluster.api(), cluster.api()]);
  }, 120_000);
  afterAll(async () => {
    await cluster.close();
    await site.close();
  });

  it('a queued job with no live worker says so in its status; health reports no workers', async () => {
    const { body } = await submit(api1.base, courseJob(site, 'nobody'));
    const health = await json(fetch(`${api2.base}/api/health/workers`));
    expect(health).toMatchObject({ status: 'degraded', workers_available: false, worker_count: 0 });
    // Pretend it has waited 40 s.
    await cluster.store.db.query(`UPDATE jobs SET updated_at = now() - interval '40 seconds' WHERE id = $1`, [body.job_id]);
    const st = await json(fetch(`${api2.base}/api/status/${body.job_id}`));
    expect(st.status).toBe('queued');
    expect(st.status_message).toMatch(/No worker is running/);
    await fetch(`${api1.base}/api/cancel/${body.job_id}`, { method: 'POST' });
  });

  it('a high-priority job overtakes queued low ones', async () => {
    const worker = cluster.worker({ WORKER_CONCURRENCY: '1' });
    await worker;
    site.holding = true;
    const blocker = await submit(api1.base, courseJob(site, 'blocker'));
    await until('the worker to be busy', () => site.heldCount === 1);
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const lows: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await submit(api1.base, courseJob(site, `low-${i}`, { priority: 'low' }), admin);
      expect(r.status).toBe(200);
      lows.push(r.body.job_id);
    }
    const high = await submit(api2.base, courseJob(site, 'high', { priority: 'high' }), admin);
    expect(high.status).toBe(200);
    expect((await submit(api2.base, courseJob(site, 'no-token', { priority: 'high' }))).status).toBe(403);
    site.release();
    const rows = await cluster.waitTerminal([blocker.body.job_id, ...lows, high.body.job_id], 60_000);
    const started = (id: string) => new Date(rows.find((r) => r.id === id).started_at).getTime();
    for (const low of lows) expect(started(high.body.job_id)).toBeLessThan(started(low));
    expect(started(lows[0]!)).toBeLessThan(started(lows[1]!));
  }, 90_000);

  it('an event stream on one API instance follows a job submitted on another and run by a worker', async () => {
    site.delayMs = 300;
    const { body } = await submit(api1.base, courseJob(site, 'sse'));
    const events = await readSse(`${api2.base}/api/jobs/${body.job_id}/events`);
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.at(-1)?.data.status).toBe('completed');
    expect(events.some((e) => e.event === 'progress')).toBe(true);
    // Resuming after the end (on the other instance) has nothing more to send.
    const again = await fetch(`${api1.base}/api/jobs/${body.job_id}/events`, { headers: { 'last-event-id': String(ids.at(-1)) } });
    expect(again.status === 204 || (await again.text()).includes('data:') === false).toBe(true);
  });

  it('health lists the live worker from its heartbeat, and drops it soon after it is killed', async () => {
    const health = await json(fetch(`${api2.base}/api/health/workers`));
    expect(health.status).toBe('healthy');
    expect(health.worker_count).toBe(1);
    expect(health.workers[0]).not.toHaveProperty('jobs');
    const worker = cluster.procs.find((p) => p.child.pid === health.workers[0].pid)!;
    worker.child.kill('SIGKILL');
    await worker.exited;
    await sleep(3500); // heartbeat TTL: 3 × 1 s
    const after = await until('the worker to drop out', async () => {
      const h = await json(fetch(`${api1.base}/api/health/workers`));
      return h.worker_count === 0 ? h : null;
    }, 5000);
    expect(after.status).toBe('degraded');
  });
});
