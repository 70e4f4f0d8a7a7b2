import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/process';
import { ADMIN_TOKEN, Cluster, CourseSite, courseJob, submit, type ApiProcess, json } from './harness';

describe('jobs that use up their attempts', () => {
  const site = new CourseSite();
  const cluster = new Cluster(undefined, { JOB_MAX_ATTEMPTS: '2' });
  let api: ApiProcess;

  beforeAll(async () => {
    await site.start();
    await cluster.open();
    [api] = await Promise.all([cluster.api(), cluster.worker()]);
  }, 120_000);
  afterAll(async () => {
    await cluster.close();
    await site.close();
  });

  it('retry after the site asks (Retry-After), stay running meanwhile, then go to the dead-letter record; a redrive runs them as a new job', async () => {
    site.busy = true;
    const { body } = await submit(api.base, courseJob(site, 'busy'));
    const id: string = body.job_id;
    const [failed] = await cluster.waitTerminal([id], 40_000);
    // Between attempts the job stayed running and said it would retry (its event log keeps what clients saw).
    const events = await cluster.store.jobs.eventsAfter(id, 0);
    const note = events.map((e) => e.data as any).find((d) => d.status_message.startsWith('Retrying in'));
    expect(note).toMatchObject({ status: 'running', metadata: { attempt: 1 } });
    expect(failed.status).toBe('failed');
    expect(failed.attempt).toBe(2);
    expect(site.requests).toBeGreaterThanOrEqual(2);

    const list = runCli(['jobs', 'dead-letter', 'list', '--json'], cluster.env());
    expect(await list.exited).toBe(0);
    const letters = JSON.parse(list.output().slice(list.output().indexOf('[')));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ job_id: id, reason: 'attempts_exhausted', attempts: 2 });

    // The admin route lists it too, and only with the token.
    expect((await fetch(`${api.base}/api/admin/dead-letters`)).status).toBe(401);
    const viaApi = await json(fetch(`${api.base}/api/admin/dead-letters`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
    expect(viaApi.dead_letters.map((d: any) => d.job_id)).toEqual([id]);

    site.busy = false;
    const redrive = runCli(['jobs', 'dead-letter', 'redrive', id], cluster.env());
    expect(await redrive.exited).toBe(0);
    const newId = /job ([0-9a-f-]{36})/.exec(redrive.output())?.[1];
    expect(newId).toBeTruthy();
    const [done] = await cluster.waitTerminal([newId!], 30_000);
    expect(done.status).toBe('completed');
    expect(done.metadata.redriven_from).toBe(id);
    expect((await cluster.job(id)).status).toBe('failed');

    // A second redrive of the same letter is refused.
    const again = await fetch(`${api.base}/api/admin/dead-letters/${id}/redrive`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(again.status).toBe(409);
    // Something that is not a job id is a usage error (exit 2) that says what a job id looks like.
    const bad = runCli(['jobs', 'dead-letter', 'redrive', 'nope'], cluster.env());
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/"nope" is not a job id/);
  }, 90_000);
});
