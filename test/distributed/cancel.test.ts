import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, CourseSite, courseJob, sleep, submit, until, type ApiProcess } from './harness';

describe('cancelling across processes (API and worker apart)', () => {
  const site = new CourseSite();
  const cluster = new Cluster();
  let api: ApiProcess;

  beforeAll(async () => {
    await site.start();
    await cluster.open();
    [api] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '1' })]);
  });
  afterAll(async () => {
    await cluster.close();
    await site.close();
  });

  const cancel = (id: string) => fetch(`${api.base}/api/cancel/${id}`, { method: 'POST' });

  it('a running job cancelled on the API stops its outbound fetch and ends cancelled within 2 s, never completed', async () => {
    site.holding = true;
    const { body } = await submit(api.base, courseJob(site, 'run'));
    await until('the worker to fetch the course page', () => site.heldCount === 1);
    expect((await cluster.job(body.job_id)).status).toBe('running');

    const abortedBefore = site.aborted;
    const t = Date.now();
    expect((await cancel(body.job_id)).status).toBe(200);
    await until('the fetch to be aborted', () => site.aborted > abortedBefore, 2000, 20);
    expect(Date.now() - t).toBeLessThan(2000);
    expect((await cluster.job(body.job_id)).status).toBe('cancelled');

    site.release();
    await sleep(1000);
    const row = await cluster.job(body.job_id);
    expect(row.status).toBe('cancelled');
    expect(row.result_writes).toBe(0);
  });

  it('a queued job that is cancelled never starts', async () => {
    site.holding = true;
    const first = await submit(api.base, courseJob(site, 'busy-1'));
    await until('the first job to hold the worker', () => site.heldCount === 1);
    const queued = await submit(api.base, courseJob(site, 'queued-1'));
    expect((await cluster.job(queued.body.job_id)).status).toBe('queued');
    expect((await cancel(queued.body.job_id)).status).toBe(200);

    site.release();
    const [a] = await cluster.waitTerminal([first.body.job_id], 20_000);
    expect(a.status).toBe('completed');
    await sleep(500);
    const b = await cluster.job(queued.body.job_id);
    expect(b.status).toBe('cancelled');
    expect(b.attempt).toBe(0);
    expect(b.started_at).toBeNull();
  });

  it('a job cancelled in the store just as a worker picks it up (its signal lost) is not started', async () => {
    site.holding = true;
    const first = await submit(api.base, courseJob(site, 'busy-2'));
    await until('the first job to hold the worker', () => site.heldCount === 1);
    const next = await submit(api.base, courseJob(site, 'pickup'));
    // Durable cancel only: Redis still holds the job and no cancel signal is sent.
    const out = await cluster.store.jobs.cancel(next.body.job_id);
    expect(out.kind).toBe('cancelled');

    site.release();
    await cluster.waitTerminal([first.body.job_id], 20_000);
    await until('the queue to drop the job', async () => (await cluster.job(next.body.job_id)).status === 'cancelled' && site.heldCount === 0);
    await sleep(1000);
    const row = await cluster.job(next.body.job_id);
    expect(row.status).toBe('cancelled');
    expect(row.attempt).toBe(0);
    expect(row.started_at).toBeNull();
  });

  it('a running job cancelled with the signal lost still stops within 2 s (the worker re-reads the store)', async () => {
    site.holding = true;
    const { body } = await submit(api.base, courseJob(site, 'lost-signal'));
    await until('the worker to fetch the course page', () => site.heldCount === 1);
    const abortedBefore = site.aborted;
    await cluster.store.jobs.cancel(body.job_id);
    const t = Date.now();
    await until('the fetch to be aborted', () => site.aborted > abortedBefore, 2500, 20);
    expect(Date.now() - t).toBeLessThan(2500);
    site.release();
    await sleep(500);
    expect((await cluster.job(body.job_id)).result_writes).toBe(0);
  });
});
