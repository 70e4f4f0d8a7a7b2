import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/process';
import { Cluster, CourseSite, courseJob, submit, until, type ApiProcess } from './harness';

describe('distributed mode: the discover command and progress order', () => {
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

  it('progress events are stored in the order the pipeline reported them (stages never go backwards)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await submit(api.base, { topics_list: `derivatives, integrals, series ${i}`, bypass_cache: true })).body.job_id);
    const rows = await cluster.waitTerminal(ids, 60_000);
    expect(rows.every((r) => r.status === 'completed')).toBe(true);
    const events = (
      await cluster.store.db.query(
        `SELECT job_id, seq, (data->'progress'->>'stage_index')::int AS stage FROM job_events WHERE job_id = ANY($1::uuid[]) AND kind = 'progress' ORDER BY job_id, seq`,
        [ids],
      )
    ).rows as { job_id: string; seq: number; stage: number }[];
    expect(events.length).toBeGreaterThan(ids.length * 3);
    const backwards = events.filter((e, i) => i > 0 && events[i - 1]!.job_id === e.job_id && e.stage < events[i - 1]!.stage);
    expect(backwards).toEqual([]);
  }, 90_000);
});
