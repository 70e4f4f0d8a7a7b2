import { describe, expect, it } from 'vitest';
import { clusterForFile, courseJob, submit, until } from './harness';

describe('a worker stopped with SIGTERM under load', () => {
  const { site, cluster } = clusterForFile();

  it('stops taking jobs, hands back the ones it cannot finish within its grace period, and exits; nothing is lost or left running', async () => {
    const [api, leaving] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '4', WORKER_SHUTDOWN_GRACE_SECONDS: '2' })]);
    site.holding = true;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await submit(api.base, courseJob(site, `term-${i}`))).body.job_id);
    await until('the leaving worker to hold 4 jobs', () => site.heldCount === 4);
    // Its jobs are stuck on a slow site longer than the grace period: they must be handed back.
    const stoppedAt = Date.now();
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    const stopMs = Date.now() - stoppedAt;
    expect(stopMs).toBeLessThan(8000);
    expect(leaving.output()).not.toMatch(/"level":50/);

    const handedBack = await cluster.jobs(ids);
    expect(handedBack.filter((r) => r.status === 'running')).toEqual([]);
    expect(handedBack.filter((r) => r.status === 'queued').length).toBe(12);

    // Another worker takes everything up at once (no lock to wait for), and every job completes once.
    site.release();
    const started = Date.now();
    const replacement = await cluster.worker({ WORKER_CONCURRENCY: '4' });
    const rows = await cluster.waitTerminal(ids, 60_000);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    expect(Math.max(...rows.map((r) => r.result_writes))).toBe(1);
    // A handed-back attempt does not count against the job's attempts.
    const handed = rows.filter((r) => r.attempt === 2);
    expect(handed.length).toBe(4);
    expect(handed.every((r) => r.max_attempts === 4)).toBe(true);
    expect(Date.now() - started).toBeLessThan(40_000);
    // An idle worker stops at once.
    replacement.child.kill('SIGTERM');
    expect(await replacement.exited).toBe(0);
  }, 120_000);

  it('lets a running job finish when it ends within the grace period', async () => {
    const [api, leaving] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '1', WORKER_SHUTDOWN_GRACE_SECONDS: '10' })]);
    site.holding = true;
    const { body } = await submit(api.base, courseJob(site, 'finish'));
    await until('the job to fetch', () => site.heldCount === 1);
    leaving.child.kill('SIGTERM');
    setTimeout(() => site.release(), 1000);
    expect(await leaving.exited).toBe(0);
    const row = await cluster.job(body.job_id);
    expect(row.status).toBe('completed');
    expect(row.attempt).toBe(1);
  }, 60_000);
});
