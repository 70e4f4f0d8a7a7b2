import { describe, expect, it } from 'vitest';
import { freePort } from '../support/process';
import { parsePrometheus, valueOf } from '../support/prometheus';
import { clusterForFile, courseJob, submit, until } from './harness';

const scrape = async (base: string): Promise<ReturnType<typeof parsePrometheus>> => {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  return parsePrometheus(await res.text());
};

describe('metrics and health of API and worker processes', () => {
  const { site, cluster } = clusterForFile();

  it('a worker serves /health and /metrics on WORKER_HTTP_PORT; the API reports queue, jobs and live workers', async () => {
    const port = await freePort();
    const worker = `http://127.0.0.1:${port}`;
    const [api, w] = await Promise.all([
      cluster.api(),
      cluster.worker({ WORKER_HTTP_PORT: String(port), WORKER_CONCURRENCY: '2', WORKER_SHUTDOWN_GRACE_SECONDS: '10' }),
    ]);
    const health = await fetch(`${worker}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', active_jobs: 0, concurrency: 2, redis: 'ready' });
    expect((await fetch(`${worker}/api/submit`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${worker}/metrics`, { method: 'POST' })).status).toBe(405);

    // One job completes; one is held running by a slow course page.
    const done = (await submit(api.base, { topics_list: 'eigenvalues, linear maps', bypass_cache: true })).body.job_id as string;
    await until('the first job to complete', async () => (await cluster.job(done)).status === 'completed');
    site.holding = true;
    const held = (await submit(api.base, courseJob(site, 'held'))).body.job_id as string;
    await until('the held job to fetch', () => site.heldCount === 1);

    const ws = await scrape(worker);
    expect(valueOf(ws, 'scholarsource_job_attempts_total', { outcome: 'completed', role: 'worker' })).toBe(1);
    expect(valueOf(ws, 'scholarsource_worker_jobs_running')).toBe(1);
    expect(valueOf(ws, 'scholarsource_worker_concurrency')).toBe(2);
    // The worker takes no HTTP requests of its own, so it has no HTTP series; the API has no job attempts.
    expect(ws.some((s) => s.name === 'scholarsource_http_requests_total')).toBe(false);
    const as = await scrape(api.base);
    expect(as.some((s) => s.name === 'scholarsource_job_attempts_total' && s.value > 0)).toBe(false);
    expect(valueOf(as, 'scholarsource_jobs_unfinished', { status: 'running', role: 'api' })).toBe(1);
    expect(valueOf(as, 'scholarsource_queue_jobs', { state: 'active' })).toBe(1);
    expect(valueOf(as, 'scholarsource_workers_live')).toBe(1);
    expect(valueOf(as, 'scholarsource_up', { dependency: 'queue' })).toBe(1);
    expect(valueOf(as, 'scholarsource_http_requests_total', { method: 'POST', route: '/api/submit', status: '200' })).toBe(2);

    // While it shuts down, the worker's health says so (503) until the held job ends and it exits.
    w.child.kill('SIGTERM');
    await until('health to say stopping', async () => (await fetch(`${worker}/health`).catch(() => null))?.status === 503);
    site.release();
    expect(await w.exited).toBe(0);
    expect((await cluster.job(held)).status).toBe('completed');
  }, 90_000);
});
