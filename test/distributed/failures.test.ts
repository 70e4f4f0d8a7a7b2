import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeadLettersRepo } from '../../src/store/dead-letters-repo';
import { Cluster, CourseSite, courseJob, sleep, submit, until, type ApiProcess } from './harness';

describe('failures that no retry can fix, and the job time limit (API and worker apart)', () => {
  const site = new CourseSite();
  const cluster = new Cluster(undefined, { JOB_MAX_ATTEMPTS: '3' });
  let api: ApiProcess;

  beforeAll(async () => {
    await site.start();
    await cluster.open();
    [api] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '2', JOB_TIMEOUT_SECONDS: '2' })]);
  }, 120_000);
  afterEach(() => {
    site.release();
    site.missing = false;
  });
  afterAll(async () => {
    await cluster.close();
    await site.close();
  });

  it('a course page that does not exist fails the job at once: one attempt, no retry, no dead letter, and it never comes back', async () => {
    site.missing = true;
    const before = site.requests;
    const { body } = await submit(api.base, courseJob(site, 'gone'));
    const [row] = await cluster.waitTerminal([body.job_id], 20_000);
    expect(row.status).toBe('failed');
    expect(row.attempt).toBe(1);
    expect(row.error).toMatch(/not found .*HTTP 404.*check the address/i);
    expect(site.requests - before).toBe(1);
    // No "Retrying in" step was ever shown.
    const events = await cluster.store.jobs.eventsAfter(body.job_id, 0);
    expect(events.map((e) => (e.data as { status_message: string }).status_message).filter((m) => m.startsWith('Retrying'))).toEqual([]);
    expect((await new DeadLettersRepo(cluster.store.db).list()).map((d) => d.job_id)).not.toContain(body.job_id);

    // Several reconciler passes (every 2 s) later it is still failed, still on its first attempt.
    await sleep(5000);
    const later = await cluster.job(body.job_id);
    expect([later.status, later.attempt, later.completed_at]).toEqual(['failed', 1, row.completed_at]);
    expect(site.requests - before).toBe(1);
    const st = (await (await fetch(`${api.base}/api/status/${body.job_id}`)).json()) as { status: string; error: string };
    expect(st.status).toBe('failed');
    expect(st.error).toBe(row.error);
  }, 60_000);

  it('a job past its time limit is aborted (its fetch stops) and fails with a message saying so', async () => {
    site.holding = true;
    const abortedBefore = site.aborted;
    const { body } = await submit(api.base, courseJob(site, 'slow'));
    await until('the worker to fetch the course page', () => site.heldCount === 1);
    const [row] = await cluster.waitTerminal([body.job_id], 20_000);
    expect(row.status).toBe('failed');
    expect(row.attempt).toBe(1);
    expect(row.error).toMatch(/took longer than 2 s and was stopped/);
    expect(row.result_writes).toBe(0);
    await until('the fetch to be aborted', () => site.aborted > abortedBefore, 2000, 20);
  }, 60_000);
});
