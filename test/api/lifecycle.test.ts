import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedPipeline, waitingPipeline } from '../support/pipelines';
import { getJson, postJson, readSse, startTestServer, waitForStatus, type TestServer } from '../support/server';

describe('job lifecycle through the HTTP API', () => {
  let s: TestServer;
  const pipeline = derivedPipeline();
  beforeAll(async () => {
    s = await startTestServer(pipeline);
  });
  afterAll(async () => s.close());

  it('a title + author submit completes with results, seen through status and SSE', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { book_title: 'Linear Algebra', book_author: 'Strang' });
    expect(sub.status).toBe(200);
    expect(sub.body.status).toBe('queued');
    const done = await waitForStatus(s.url, sub.body.job_id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.results).toHaveLength(5);
    expect(done.results[0].title).toContain('Linear Algebra');
    expect(done.metadata.cache_used).toBe(false);
    expect(done.metadata.attempt).toBe(1);
    expect(done.completed_at).not.toBeNull();
    expect(done.search_title).toBe('Linear Algebra');

    const events = await readSse(`${s.url}/api/jobs/${sub.body.job_id}/events`);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect(events[0]?.data.status).toBe('pending');
    const last = events[events.length - 1];
    expect(last?.event).toBe('status');
    expect(last?.data.status).toBe('completed');
    expect(last?.data.results).toHaveLength(5);
    expect(events.some((e) => e.event === 'progress')).toBe(true);

    // Resuming after the second event replays only what came later.
    const resumed = await readSse(`${s.url}/api/jobs/${sub.body.job_id}/events`, { 'last-event-id': String(events[1]?.id) });
    expect(resumed.map((e) => e.id)).toEqual(events.slice(2).map((e) => e.id));
    // A client that already saw the terminal event is told to stop reconnecting.
    const after = await fetch(`${s.url}/api/jobs/${sub.body.job_id}/events`, { headers: { 'last-event-id': String(last?.id) } });
    expect(after.status).toBe(204);
    // An id beyond the job's events, or not a plain number, counts as nothing seen: the whole timeline, then the stream ends.
    for (const bogus of ['1000', '1e3', '2.5', '-1', 'abc']) {
      const again = await readSse(`${s.url}/api/jobs/${sub.body.job_id}/events`, { 'last-event-id': bogus });
      expect(again.map((e) => e.id)).toEqual(events.map((e) => e.id));
    }
  });

  it('the same submit again is answered from the cache at once', async () => {
    const body = { book_title: 'Cached Course', book_author: 'Someone' };
    const first = await postJson(`${s.url}/api/submit`, body);
    await waitForStatus(s.url, first.body.job_id, ['completed']);
    const runs = pipeline.runs;
    const again = await postJson(`${s.url}/api/submit`, { ...body, book_title: '  cached course ' });
    expect(again.body.status).toBe('completed');
    const st = await getJson(`${s.url}/api/status/${again.body.job_id}`);
    expect(st.body.metadata.cache_used).toBe(true);
    expect(st.body.results).toHaveLength(5);
    expect(pipeline.runs).toBe(runs);

    const bypass = await postJson(`${s.url}/api/submit`, { ...body, bypass_cache: true });
    expect(bypass.body.status).toBe('queued');
    const b = await waitForStatus(s.url, bypass.body.job_id, ['completed']);
    expect(b.metadata.cache_used).toBe(false);
    expect(pipeline.runs).toBe(runs + 1);
  });

  it('cancel after completion answers 400 and changes nothing', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { topics_list: 'eigenvalues, determinants' });
    await waitForStatus(s.url, sub.body.job_id, ['completed']);
    const c = await postJson(`${s.url}/api/cancel/${sub.body.job_id}`, {});
    expect(c.status).toBe(400);
    expect(c.body.detail.error).toBe('job_finished');
    expect((await getJson(`${s.url}/api/status/${sub.body.job_id}`)).body.status).toBe('completed');
  });

  it('Idempotency-Key returns the same job, and the same key with another body gets 409', async () => {
    const key = randomUUID();
    const a = await postJson(`${s.url}/api/submit`, { topics_list: 'graphs' }, { 'idempotency-key': key });
    const b = await postJson(`${s.url}/api/submit`, { topics_list: 'graphs' }, { 'idempotency-key': key });
    expect(b.status).toBe(200);
    expect(b.body.job_id).toBe(a.body.job_id);
    const c = await postJson(`${s.url}/api/submit`, { topics_list: 'trees' }, { 'idempotency-key': key });
    expect(c.status).toBe(409);
    expect(c.body.detail.error).toBe('idempotency_conflict');
  });

  it('unknown and malformed job ids get 404 and 422', async () => {
    const missing = await getJson(`${s.url}/api/status/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail.message).toMatch(/No job/);
    const bad = await getJson(`${s.url}/api/status/not-a-uuid`);
    expect(bad.status).toBe(422);
    expect(bad.body.detail.fields[0].field).toBe('job_id');
    expect((await postJson(`${s.url}/api/cancel/123`, {})).status).toBe(422);
    expect((await getJson(`${s.url}/api/jobs/${randomUUID()}/events`)).status).toBe(404);
  });
});

describe('cancellation', () => {
  let s: TestServer;
  const pipeline = waitingPipeline();
  beforeAll(async () => {
    s = await startTestServer(pipeline, { WORKER_CONCURRENCY: '1' });
  });
  afterAll(async () => s.close());

  it('a running job is cancelled within 2 s: its AbortSignal fires and it never completes', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { book_title: 'running-one' });
    await waitForStatus(s.url, sub.body.job_id, ['running']);
    await expect.poll(() => pipeline.started.includes('running-one')).toBe(true);
    const t0 = Date.now();
    const c = await postJson(`${s.url}/api/cancel/${sub.body.job_id}`, {});
    expect(c.status).toBe(200);
    expect(c.body).toEqual({ job_id: sub.body.job_id, status: 'cancelled', message: 'Search cancelled.' });
    const st = await waitForStatus(s.url, sub.body.job_id, ['cancelled']);
    await expect.poll(() => pipeline.aborted.includes('running-one'), { timeout: 2000 }).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(st.completed_at).not.toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect((await getJson(`${s.url}/api/status/${sub.body.job_id}`)).body.status).toBe('cancelled');
  });

  it('a queued job that is cancelled never starts', async () => {
    const blocker = await postJson(`${s.url}/api/submit`, { book_title: 'blocker' });
    await waitForStatus(s.url, blocker.body.job_id, ['running']);
    const queued = await postJson(`${s.url}/api/submit`, { book_title: 'never-starts' });
    expect((await getJson(`${s.url}/api/status/${queued.body.job_id}`)).body.status).toBe('queued');
    expect((await postJson(`${s.url}/api/cancel/${queued.body.job_id}`, {})).status).toBe(200);
    await postJson(`${s.url}/api/cancel/${blocker.body.job_id}`, {});
    await new Promise((r) => setTimeout(r, 200));
    expect(pipeline.started).not.toContain('never-starts');
    expect((await getJson(`${s.url}/api/status/${queued.body.job_id}`)).body.status).toBe('cancelled');
  });

  it('a cancel that races the start of a job always wins: nothing is left running', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) {
      const sub = await postJson(`${s.url}/api/submit`, { book_title: `race-${i}` });
      ids.push(sub.body.job_id);
      // Cancel at once, while the worker is claiming it.
      const c = await postJson(`${s.url}/api/cancel/${sub.body.job_id}`, {});
      expect(c.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const id of ids) expect((await getJson(`${s.url}/api/status/${id}`)).body.status).toBe('cancelled');
    const startedRaces = pipeline.started.filter((n) => n.startsWith('race-'));
    const abortedRaces = pipeline.aborted.filter((n) => n.startsWith('race-'));
    expect(abortedRaces.sort()).toEqual(startedRaces.sort());
    expect(s.runtime.runner.activeCount).toBe(0);
  });

  it('the SSE stream of a cancelled job ends with the cancelled state', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { book_title: 'sse-cancel' });
    await waitForStatus(s.url, sub.body.job_id, ['running']);
    const reading = readSse(`${s.url}/api/jobs/${sub.body.job_id}/events`);
    await new Promise((r) => setTimeout(r, 100));
    await postJson(`${s.url}/api/cancel/${sub.body.job_id}`, {});
    const events = await reading;
    expect(events[events.length - 1]?.data.status).toBe('cancelled');
  });

  it('an SSE stream whose live event was lost still ends with the terminal state, read back from the store', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { book_title: 'lost-event' });
    await waitForStatus(s.url, sub.body.job_id, ['running']);
    const reading = readSse(`${s.url}/api/jobs/${sub.body.job_id}/events`);
    await new Promise((r) => setTimeout(r, 100));
    // A state change that no live event announces (as when pub/sub drops a message).
    expect((await s.store.store.jobs.cancel(sub.body.job_id)).kind).toBe('cancelled');
    await s.runtime.deps.bus.publishCancel(sub.body.job_id);
    const events = await reading;
    expect(events[events.length - 1]?.data.status).toBe('cancelled');
  });

  it('a job past its time limit is stopped and fails with a clear message', async () => {
    const t = await startTestServer(waitingPipeline(), { JOB_TIMEOUT_SECONDS: '1' });
    try {
      const sub = await postJson(`${t.url}/api/submit`, { book_title: 'slow' });
      const st = await waitForStatus(t.url, sub.body.job_id, ['failed'], 5000);
      expect(st.error).toMatch(/longer than 1 s/);
    } finally {
      await t.close();
    }
  });
});

describe('open event streams per client', () => {
  let s: TestServer;
  const pipeline = waitingPipeline();
  beforeAll(async () => {
    s = await startTestServer(pipeline, { MAX_EVENT_STREAMS_PER_CLIENT: '2' });
  });
  afterAll(async () => s.close());

  it('one stream over the limit gets 429 too_many_streams, and closing a stream frees its slot', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { book_title: 'streamed' });
    const ctl = [new AbortController(), new AbortController(), new AbortController()];
    const open = async (c: AbortController): Promise<Response> => fetch(`${s.url}/api/jobs/${sub.body.job_id}/events`, { signal: c.signal });
    expect((await open(ctl[0]!)).status).toBe(200);
    expect((await open(ctl[1]!)).status).toBe(200);
    const refused = await fetch(`${s.url}/api/jobs/${sub.body.job_id}/events`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as any).detail.error).toBe('too_many_streams');
    ctl[0]!.abort();
    await expect.poll(async () => (await open(ctl[2]!)).status, { timeout: 5000 }).toBe(200);
    ctl.forEach((c) => c.abort());
    await postJson(`${s.url}/api/cancel/${sub.body.job_id}`, {});
  });

  it('the OpenAPI document lists these answers, and 503 on submit', async () => {
    const doc: any = await (await fetch(`${s.url}/openapi.json`)).json();
    expect(Object.keys(doc.paths['/api/jobs/{job_id}/events'].get.responses)).toEqual(expect.arrayContaining(['204', '404', '422', '429']));
    expect(Object.keys(doc.paths['/api/submit'].post.responses)).toEqual(expect.arrayContaining(['200', '409', '422', '429', '503']));
  });
});
