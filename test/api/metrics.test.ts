import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedPipeline, waitingPipeline } from '../support/pipelines';
import { parsePrometheus, valueOf } from '../support/prometheus';
import { postJson, startTestServer, waitForStatus, type TestServer } from '../support/server';

const scrape = async (url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> => {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('GET /metrics (embedded)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(derivedPipeline());
  });
  afterAll(async () => s.close());

  it('counts requests by route template and job attempts by outcome, and reads the job and queue gauges', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { book_title: 'Metrics Course', book_author: 'Someone' });
    await waitForStatus(s.url, sub.body.job_id, ['completed']);
    await fetch(`${s.url}/api/status/not-a-uuid`);

    const m = await scrape(s.url);
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(m.text);
    expect(valueOf(samples, 'scholarsource_http_requests_total', { method: 'POST', route: '/api/submit', status: '200' })).toBe(1);
    expect(valueOf(samples, 'scholarsource_http_requests_total', { method: 'GET', route: '/api/status/:job_id', status: '422' })).toBe(1);
    // Job ids never become label values: the status polls are one series per status code.
    expect(m.text).not.toContain(sub.body.job_id);
    expect(valueOf(samples, 'scholarsource_job_attempts_total', { outcome: 'completed', role: 'serve' })).toBe(1);
    expect(valueOf(samples, 'scholarsource_job_attempt_duration_seconds_count', { outcome: 'completed' })).toBe(1);
    expect(valueOf(samples, 'scholarsource_jobs_unfinished', { status: 'running' })).toBe(0);
    expect(valueOf(samples, 'scholarsource_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(valueOf(samples, 'scholarsource_workers_live')).toBe(1);
    expect(valueOf(samples, 'scholarsource_queue_memory_full')).toBe(0);
    expect(valueOf(samples, 'scholarsource_worker_concurrency')).toBe(s.config.WORKER_CONCURRENCY);
    expect(valueOf(samples, 'scholarsource_up', { dependency: 'database' })).toBe(1);
    expect(valueOf(samples, 'scholarsource_up', { dependency: 'queue' })).toBe(1);
    expect(valueOf(samples, 'scholarsource_dead_letters_waiting')).toBe(0);
    expect(valueOf(samples, 'scholarsource_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('a cancelled job counts as a cancelled attempt', async () => {
    const held = await startTestServer(waitingPipeline());
    try {
      const sub = await postJson(`${held.url}/api/submit`, { book_title: 'Held Course', book_author: 'Someone' });
      await waitForStatus(held.url, sub.body.job_id, ['running']);
      expect((await postJson(`${held.url}/api/cancel/${sub.body.job_id}`, {})).status).toBe(200);
      await expect.poll(async () => valueOf(parsePrometheus((await scrape(held.url)).text), 'scholarsource_job_attempts_total', { outcome: 'cancelled' })).toBe(1);
    } finally {
      await held.close();
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let s: TestServer;
  const token = 'metrics-token-0123456789';
  beforeAll(async () => {
    s = await startTestServer(derivedPipeline(), { METRICS_TOKEN: token });
  });
  afterAll(async () => s.close());

  it('answers 401 in the API error shape without the bearer token, and the metrics with it', async () => {
    const none = await scrape(s.url);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toEqual({ detail: { error: 'unauthorized', message: expect.stringContaining('METRICS_TOKEN') } });
    expect((await scrape(s.url, { authorization: `Bearer ${token}x` })).status).toBe(401);
    const ok = await scrape(s.url, { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('scholarsource_http_requests_total');
  });
});
