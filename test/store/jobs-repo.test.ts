import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewJob } from '../../src/store/jobs-repo';
import { DeadLettersRepo } from '../../src/store/dead-letters-repo';
import { DRIVERS, type TestStore } from '../support/stores';

const newJob = (over: Partial<NewJob> = {}): NewJob => ({
  id: randomUUID(),
  inputs: { book_title: 'Calculus Volume 1', book_author: 'Gilbert Strang' },
  priority: 'normal',
  maxAttempts: 3,
  clientKey: '127.0.0.1',
  searchTitle: 'Calculus Volume 1',
  ...over,
});

const completion = { results: [], raw_output: '# r', search_title: 'x', metadata: { resource_count: 0 } };

describe.each(DRIVERS)('job store on %s', (_name, open) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => t.cleanup());

  it('writes the row with a first status event before anything else happens', async () => {
    const out = await t.store.jobs.create(newJob());
    expect(out.kind).toBe('created');
    const events = await t.store.jobs.eventsAfter(out.job.id, 0);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([[1, 'status']]);
    expect(out.job.status).toBe('pending');
  });

  it('walks pending → queued → running → completed, one event per step, in order', async () => {
    const { job } = await t.store.jobs.create(newJob());
    expect((await t.store.jobs.markQueued(job.id))?.status).toBe('queued');
    const running = await t.store.jobs.claim(job.id);
    expect(running?.status).toBe('running');
    expect(running?.attempt).toBe(1);
    await t.store.jobs.reportProgress(job.id, 1, { stage: 'validation', stage_index: 3, stage_count: 4, detail: 'checking' });
    const done = await t.store.jobs.complete(job.id, 1, completion);
    expect(done?.status).toBe('completed');
    expect(done?.completed_at).toBeInstanceOf(Date);
    expect(done?.result_writes).toBe(1);
    const events = await t.store.jobs.eventsAfter(job.id, 0);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e) => (e.data as { status: string }).status)).toEqual(['pending', 'queued', 'running', 'running', 'completed']);
    expect((await t.store.jobs.eventsAfter(job.id, 3)).map((e) => e.seq)).toEqual([4, 5]);
  });

  it('a stale attempt cannot write: only the newest attempt completes, and only once', async () => {
    const { job } = await t.store.jobs.create(newJob());
    await t.store.jobs.claim(job.id);
    const second = await t.store.jobs.claim(job.id); // another worker took the job over
    expect(second?.attempt).toBe(2);
    expect(await t.store.jobs.complete(job.id, 1, completion)).toBeNull();
    expect(await t.store.jobs.reportProgress(job.id, 1, { stage: 'validation', stage_index: 3, stage_count: 4, detail: 'x' })).toBeNull();
    expect((await t.store.jobs.complete(job.id, 2, completion))?.status).toBe('completed');
    expect(await t.store.jobs.complete(job.id, 2, completion)).toBeNull();
    expect((await t.store.jobs.get(job.id))?.result_writes).toBe(1);
  });

  it('cancel ends an unfinished job at once and reports an ended one as ended', async () => {
    const { job } = await t.store.jobs.create(newJob());
    await t.store.jobs.markQueued(job.id);
    const c = await t.store.jobs.cancel(job.id);
    expect(c.kind).toBe('cancelled');
    expect(await t.store.jobs.claim(job.id)).toBeNull();
    expect((await t.store.jobs.cancel(job.id)).kind).toBe('already_ended');
    expect((await t.store.jobs.cancel(randomUUID())).kind).toBe('not_found');
  });

  it('a result that arrives after cancel is discarded', async () => {
    const { job } = await t.store.jobs.create(newJob());
    await t.store.jobs.claim(job.id);
    await t.store.jobs.cancel(job.id);
    expect(await t.store.jobs.complete(job.id, 1, completion)).toBeNull();
    const row = await t.store.jobs.get(job.id);
    expect(row?.status).toBe('cancelled');
    expect(row?.results).toBeNull();
  });

  it('the same idempotency key returns the same job, and a different body conflicts', async () => {
    const key = `client:${randomUUID()}`;
    const a = await t.store.jobs.create(newJob({ idempotencyKey: key, requestHash: 'h1' }));
    const b = await t.store.jobs.create(newJob({ idempotencyKey: key, requestHash: 'h1' }));
    const c = await t.store.jobs.create(newJob({ idempotencyKey: key, requestHash: 'h2' }));
    expect(a.kind).toBe('created');
    expect(b.kind).toBe('existing');
    expect(b.job.id).toBe(a.job.id);
    expect(c.kind).toBe('conflict');
  });

  it('lists unfinished jobs for the reconciler', async () => {
    const { job } = await t.store.jobs.create(newJob());
    const ids = (await t.store.jobs.listUnfinished()).map((j) => j.id);
    expect(ids).toContain(job.id);
  });

  it('cache rows expire: a read after expiry misses and deletes, and the sweep removes the rest', async () => {
    await t.store.cache.put('full', 'k-live', 'cfg', {}, { v: 1 }, 7);
    await t.store.cache.put('full', 'k-dead', 'cfg', {}, { v: 2 }, 1 / 86_400 / 1000); // a millisecond
    await t.store.cache.put('analysis', 'k-dead2', 'cfg', {}, { v: 3 }, 1 / 86_400 / 1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.store.cache.get('full', 'k-live')).toEqual({ v: 1 });
    expect(await t.store.cache.get('full', 'k-dead')).toBeNull();
    const left = await t.store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM course_cache WHERE cache_key = 'k-dead'");
    expect(left.rows[0]?.n).toBe(0);
    const swept = await t.store.cache.sweep();
    expect(swept.cache).toBe(1);
  });

  it('uploads expire after their time to live', async () => {
    const id = randomUUID();
    await t.store.uploads.insert({ id, sha256: 'abc', media_type: 'text/plain', bytes: 3, file_name: 'a.txt', text: 'abc', outline: [] }, 1 / 3600 / 1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.store.uploads.get(id)).toBeNull();
    const kept = randomUUID();
    await t.store.uploads.insert({ id: kept, sha256: 'abc', media_type: 'text/plain', bytes: 3, file_name: null, text: 'abc', outline: ['One'] }, 24);
    expect((await t.store.uploads.get(kept))?.outline).toEqual(['One']);
  });
  it('a job failed for good enters the dead-letter record in the same write; a stale attempt adds nothing', async () => {
    const { job } = await t.store.jobs.create(newJob());
    await t.store.jobs.claim(job.id);
    await t.store.jobs.claim(job.id); // attempt 2 took over
    expect(await t.store.jobs.fail(job.id, 1, 'late', 'attempts_exhausted')).toBeNull();
    expect(await new DeadLettersRepo(t.store.db).get(job.id)).toBeNull();
    expect((await t.store.jobs.fail(job.id, 2, 'gave up', 'attempts_exhausted'))?.status).toBe('failed');
    expect(await new DeadLettersRepo(t.store.db).get(job.id)).toMatchObject({ reason: 'attempts_exhausted', error: 'gave up', attempts: 2 });
    const plain = (await t.store.jobs.create(newJob())).job;
    await t.store.jobs.claim(plain.id);
    await t.store.jobs.fail(plain.id, 1, 'bad input');
    expect(await new DeadLettersRepo(t.store.db).get(plain.id)).toBeNull();
  });

  it('when the dead letter cannot be written, the job is not failed either', async () => {
    const own = await open();
    try {
      const { job } = await own.store.jobs.create(newJob());
      await own.store.jobs.claim(job.id);
      await own.store.db.query('ALTER TABLE dead_letters RENAME TO dead_letters_gone');
      await expect(own.store.jobs.fail(job.id, 1, 'gave up', 'worker_lost')).rejects.toThrow(/dead_letters/);
      const after = await own.store.jobs.get(job.id);
      expect(after?.status).toBe('running');
      expect((await own.store.jobs.eventsAfter(job.id, 0)).map((e) => (e.data as { status: string }).status)).toEqual(['pending', 'running']);
    } finally {
      await own.cleanup();
    }
  });
});
