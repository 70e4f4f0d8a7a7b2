import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli } from '../support/process';
import { parsePrometheus, valueOf } from '../support/prometheus';
import { ADMIN_TOKEN, Cluster, CourseSite, OwnRedis, courseJob, sleep, submit, until } from './harness';

describe('when the queue Redis restarts, fills up or is flushed (a private redis-server per test)', () => {
  const site = new CourseSite();
  let redis: OwnRedis;
  let cluster: Cluster;

  beforeAll(async () => {
    await site.start();
  });
  afterAll(async () => {
    await site.close();
  });
  afterEach(async () => {
    site.release();
    site.delayMs = 0;
    await cluster.close();
    await redis.close();
  });

  const open = async (): Promise<void> => {
    redis = await new OwnRedis().start();
    cluster = await new Cluster(redis.url).open();
  };

  it('while Redis is down submit answers 503 with Retry-After within 1 s and status still answers; afterwards every accepted job completes', async () => {
    await open();
    site.delayMs = 300;
    const [api] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '4' })]);
    const accepted: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await submit(api.base, courseJob(site, `before-${i}`));
      if (r.status === 200) accepted.push(r.body.job_id);
    }
    expect(accepted.length).toBeGreaterThanOrEqual(15); // a loaded machine may refuse one that Redis was slow to take

    await redis.stop();
    const refused = await submit(api.base, courseJob(site, 'during'));
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(1000);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.detail.error).toBe('service_unavailable');
    const status = await fetch(`${api.base}/api/status/${accepted[0]}`);
    expect(status.status).toBe(200);
    // Routes that can only answer from Redis say it is unavailable (503), never 500.
    const workers = await fetch(`${api.base}/api/health/workers`);
    expect(workers.status).toBe(503);
    expect(((await workers.json()) as any).status).toBe('unknown');
    const board = await fetch(`${api.base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(board.status).toBe(503);
    // The metrics still answer, and say the queue is unreachable.
    const metrics = await fetch(`${api.base}/metrics`);
    expect(metrics.status).toBe(200);
    const samples = parsePrometheus(await metrics.text());
    expect(valueOf(samples, 'scholarsource_up', { dependency: 'queue' })).toBe(0);
    expect(valueOf(samples, 'scholarsource_up', { dependency: 'database' })).toBe(1);
    expect(valueOf(samples, 'scholarsource_queue_jobs', { state: 'waiting' })).toBeUndefined();

    await sleep(1500);
    const second = await submit(api.base, courseJob(site, 'during-2'));
    expect(second.status).toBe(503);
    expect(second.ms).toBeLessThan(1000);

    // The restarted Redis is empty (no persistence): the reconciler puts the accepted jobs back.
    await redis.start();
    const backAt = Date.now();
    const after = await until('submit to work again', async () => {
      const r = await submit(api.base, courseJob(site, 'after'));
      return r.status === 200 ? r : null;
    }, 10_000, 100);
    accepted.push(after.body.job_id);
    await until('a worker to start a job again', async () => (await cluster.job(after.body.job_id)).status !== 'queued' || null, 15_000, 50);
    expect(Date.now() - backAt).toBeLessThan(6000);
    const rows = await cluster.waitTerminal(accepted, 90_000);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    expect(Math.max(...rows.map((r) => r.result_writes))).toBe(1);
  }, 180_000);

  it('jobs queued when Redis is flushed (FLUSHALL) still run: the reconciler enqueues them again', async () => {
    await open();
    const [api] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '1' })]);
    site.holding = true;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submit(api.base, courseJob(site, `flush-${i}`))).body.job_id);
    await until('the first job to hold the worker', () => site.heldCount === 1);
    await redis.command('FLUSHALL');
    expect(await redis.command('EXISTS', `bull:${cluster.queue}:${ids[4]}`)).toBe(0);
    site.release();
    const rows = await cluster.waitTerminal(ids, 60_000);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    expect(Math.max(...rows.map((r) => r.result_writes))).toBe(1);
  }, 120_000);

  it('a full Redis makes submit answer 503 quickly, and submits work again once it has room', async () => {
    await open();
    const api = await cluster.api();
    expect((await submit(api.base, { topics_list: 'bayes theorem' })).status).toBe(200);
    await redis.command('CONFIG', 'SET', 'maxmemory', '1');
    const full = await submit(api.base, courseJob(site, 'full'));
    expect(full.status).toBe(503);
    expect(full.ms).toBeLessThan(1000);
    expect(full.headers.get('retry-after')).toBeTruthy();
    // Readiness and the metrics tell the operator why (the instance stays ready: reads still work).
    const ready = await fetch(`${api.base}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).checks).toEqual({ database: 'ok', queue: 'ok', queue_memory: 'full' });
    expect(valueOf(parsePrometheus(await (await fetch(`${api.base}/metrics`)).text()), 'scholarsource_queue_memory_full')).toBe(1);
    // A retry with the Idempotency-Key of a refused submit starts a new job, not the refused one.
    const key = { 'idempotency-key': 'refused-while-full' };
    const refusedWithKey = await submit(api.base, courseJob(site, 'keyed'), key);
    expect(refusedWithKey.status).toBe(503);
    const refusedRows = (await cluster.store.db.query(`SELECT * FROM jobs WHERE inputs->>'course_url' = $1`, [courseJob(site, 'keyed').course_url])).rows;
    expect(refusedRows.map((r: any) => [r.status, r.idempotency_key])).toEqual([['failed', null]]);
    await redis.command('CONFIG', 'SET', 'maxmemory', '0');
    expect(((await (await fetch(`${api.base}/api/health/ready`)).json()) as any).checks).toEqual({ database: 'ok', queue: 'ok' });
    expect((await submit(api.base, courseJob(site, 'room'))).status).toBe(200);
    const retried = await submit(api.base, courseJob(site, 'keyed'), key);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('queued');
    expect(retried.body.job_id).not.toBe(refusedRows[0]?.id);
    const replay = await submit(api.base, courseJob(site, 'keyed'), key);
    expect(replay.body.job_id).toBe(retried.body.job_id);
  }, 60_000);

  it('a hung Redis (CLIENT PAUSE) costs submit one command timeout, then 503', async () => {
    await open();
    const api = await cluster.api({ REDIS_COMMAND_TIMEOUT_MS: '300' });
    expect((await submit(api.base, { topics_list: 'warm up the connection' })).status).toBe(200);
    await redis.command('CLIENT', 'PAUSE', '4000', 'ALL');
    const hung = await submit(api.base, courseJob(site, 'hung'));
    expect(hung.status).toBe(503);
    expect(hung.headers.get('retry-after')).toBeTruthy();
    // One 300 ms timeout (the enqueue), not one per Redis call on the way (events, enqueue, events again).
    expect(hung.ms).toBeLessThan(1000);
  }, 60_000);

  it('a worker refuses to start on a Redis that may evict keys', async () => {
    await open();
    await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    const w = runCli(['worker'], cluster.env());
    expect(await w.exited).toBe(1);
    expect(w.output()).toMatch(/maxmemory-policy is "allkeys-lru"/);
  }, 60_000);

  it('a worker started while Redis is down checks the policy once it connects, and stops on an evicting one', async () => {
    redis = new OwnRedis();
    redis.port = await freePort();
    cluster = await new Cluster(redis.url).open();
    const w = runCli(['worker'], cluster.env());
    await sleep(1500);
    expect(w.child.exitCode).toBeNull();
    await redis.start(['--maxmemory-policy', 'allkeys-lru']);
    expect(await w.exited).toBe(1);
    expect(w.output()).toMatch(/maxmemory-policy is "allkeys-lru"/);
  }, 60_000);

  it('SIGTERM to a worker that cannot reach Redis ends it without waiting for Redis; its running job is recovered by another worker', async () => {
    await open();
    site.holding = true;
    const [api, victim] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '1', WORKER_SHUTDOWN_GRACE_SECONDS: '1' })]);
    const { body } = await submit(api.base, courseJob(site, 'stranded'));
    await until('the worker to hold the job', () => site.heldCount === 1);
    const idle = await cluster.worker({ WORKER_CONCURRENCY: '1', WORKER_SHUTDOWN_GRACE_SECONDS: '30' });
    await redis.stop();
    // An idle worker has no job to wait for: it does not sit out its 30 s grace period (+ 15 s) first.
    const idleStop = Date.now();
    idle.child.kill('SIGTERM');
    await idle.exited;
    expect(Date.now() - idleStop).toBeLessThan(20_000);
    // The busy one hands its job back in PostgreSQL (Redis cannot take it) and exits without waiting for Redis.
    victim.child.kill('SIGTERM');
    expect(await victim.exited).toBe(0);
    expect(victim.output()).not.toMatch(/shutdown did not finish in time/);
    // Not finished: handed back in PostgreSQL (Redis could not take it) or still marked running.
    expect(['queued', 'running']).toContain((await cluster.job(body.job_id)).status);
    site.release();
    await redis.start();
    await cluster.worker({ WORKER_CONCURRENCY: '1' });
    const [row] = await cluster.waitTerminal([body.job_id], 60_000);
    expect(row.status).toBe('completed');
    expect(row.result_writes).toBe(1);
  }, 90_000);
});
