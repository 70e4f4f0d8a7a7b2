import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/process';
import { Cluster, CourseSite, courseJob, submit, until, type ApiProcess } from './harness';

describe('`scholarsource discover` in distributed mode', () => {
  const site = new CourseSite();
  const cluster = new Cluster();
  let api: ApiProcess;

  beforeAll(async () => {
    await site.start();
    await cluster.open();
    [api] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '2' })]);
  });
  afterAll(async () => {
    site.release();
    await cluster.close();
    await site.close();
  });

  it("submits through the cluster's queue and leaves the jobs other workers hold alone", async () => {
    site.holding = true;
    const held = await submit(api.base, courseJob(site, 'held'));
    await until('the worker to hold the first job', () => site.heldCount === 1);

    const cli = runCli(['discover', '--topics', 'supply and demand, elasticity, monopoly', '--json', '--bypass-cache'], cluster.env());
    expect(await cli.exited).toBe(0);
    const out = cli.output();
    const final = JSON.parse(out.slice(out.indexOf('{\n'))) as { job_id: string; status: string; results: unknown[] };
    expect(final.status).toBe('completed');
    expect(final.results.length).toBeGreaterThanOrEqual(5);
    // The cluster's worker ran it (the CLI runs no worker), and the held job kept its first attempt.
    const row = await cluster.job(final.job_id);
    expect(row.attempt).toBe(1);
    const heldRow = await cluster.job(held.body.job_id);
    expect([heldRow.status, heldRow.attempt]).toEqual(['running', 1]);

    site.release();
    const [done] = await cluster.waitTerminal([held.body.job_id], 30_000);
    expect([done.status, done.attempt, done.result_writes]).toEqual(['completed', 1, 1]);
  }, 90_000);
});
