import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/log/logger';
import { BullMqQueue } from '../src/queue/bullmq-queue';
import { RedisConnections } from '../src/queue/redis-connections';
import { OwnRedis } from '../test/distributed/harness';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** A queue on a private Redis for one measurement; ids are fresh uuids-like strings. */
async function withQueue<T>(redisUrl: string, name: string, fn: (q: BullMqQueue) => Promise<T>): Promise<T> {
  const log = createLogger('silent');
  const connections = new RedisConnections({ url: redisUrl, commandTimeoutMs: 5000 }, log);
  await connections.ready(5000);
  const q = new BullMqQueue({ name, connections, log, commandTimeoutMs: 10_000, lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 1 });
  try {
    return await fn(q);
  } finally {
    await q.close(1000);
    await q.closed(5000);
    await connections.close();
  }
}

const median = (xs: number[]): number => quantile(xs, 0.5);

/** Counts handler calls and resolves when the count reaches a target. */
class Counter {
  done = 0;
  private waiter: { target: number; resolve: () => void } | null = null;
  readonly handler = (): Promise<void> => {
    this.done++;
    if (this.waiter && this.done >= this.waiter.target) this.waiter.resolve();
    return Promise.resolve();
  };
  reach(target: number): Promise<void> {
    if (this.done >= target) return Promise.resolve();
    return new Promise((resolve) => (this.waiter = { target, resolve }));
  }
}

async function enqueueAll(q: BullMqQueue, ids: string[]): Promise<void> {
  // Producers enqueue in parallel batches, as several API requests would.
  for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map((id) => q.enqueue(id, { priority: 'normal' })));
}

/**
 * No-op jobs through our queue layer alone (BullMQ on Redis, no store, no pipeline), producer and worker in
 * this process. One untimed round first warms V8's JIT, as a running API and worker are warm (CPython, which
 * runs the peer, has no JIT to warm); then `rounds` timed rounds, reported each and as their median.
 */
async function noop(redisUrl: string, n: number, concurrency: number, rounds: number): Promise<Record<string, unknown>> {
  return withQueue(redisUrl, `bench-noop-${concurrency}`, async (q) => {
    const count = new Counter();
    q.process(count.handler, concurrency);
    const runs: { enqueue_s: number; total_s: number; jobs_per_s: number }[] = [];
    let coldJobsPerS = NaN;
    for (let r = 0; r <= rounds; r++) {
      const target = count.done + n;
      const t0 = performance.now();
      await enqueueAll(q, Array.from({ length: n }, (_, k) => `noop-${concurrency}-${r}-${k}`));
      const enqueueS = (performance.now() - t0) / 1000;
      await count.reach(target);
      const totalS = (performance.now() - t0) / 1000;
      const run = { enqueue_s: round(enqueueS, 2), total_s: round(totalS, 2), jobs_per_s: round(n / totalS) };
      if (r > 0) runs.push(run);
      else coldJobsPerS = run.jobs_per_s;
    }
    return { n, worker_concurrency: concurrency, warm_up_rounds: 1, cold_round_jobs_per_s: coldJobsPerS, runs, jobs_per_s: median(runs.map((x) => x.jobs_per_s)) };
  });
}

/**
 * The same no-op jobs with the producer in its own process (bench/distributed-producer.ts), as the Celery
 * peer's drive.py runs apart from its workers and as our API runs apart from our workers. The producer
 * warms up with one untimed round; each timed round runs from "go" to the last job's end in this process.
 */
async function noopSeparateProducer(redisUrl: string, n: number, concurrency: number, rounds: number): Promise<Record<string, unknown>> {
  const name = `bench-noop-apart-${concurrency}`;
  return withQueue(redisUrl, name, async (q) => {
    const count = new Counter();
    q.process(count.handler, concurrency);
    const script = fileURLToPath(new URL('./distributed-producer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, redisUrl, name, String(n), name], { stdio: ['pipe', 'pipe', 'inherit'] });
    // The iterator buffers lines, so none is lost while this side is busy waiting for the worker.
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<string> => {
      const l = await lines.next();
      if (l.done) throw new Error('the producer exited early');
      return String(l.value);
    };
    const runs: { enqueue_s: number; total_s: number; jobs_per_s: number }[] = [];
    let coldJobsPerS = NaN;
    try {
      for (let r = 0; r <= rounds; r++) {
        if ((await next()) !== 'ready') throw new Error('producer did not start');
        await count.reach(r * n); // the previous round (or nothing) has fully drained
        const t0 = performance.now();
        child.stdin.write('go\n');
        const report = JSON.parse(await next()) as { enqueue_s: number };
        await count.reach((r + 1) * n);
        const totalS = (performance.now() - t0) / 1000;
        const run = { enqueue_s: round(report.enqueue_s, 2), total_s: round(totalS, 2), jobs_per_s: round(n / totalS) };
        if (r > 0) runs.push(run);
        else coldJobsPerS = run.jobs_per_s;
      }
    } finally {
      child.stdin.end();
    }
    return { n, worker_concurrency: concurrency, producer: 'own process', warm_up_rounds: 1, cold_round_jobs_per_s: coldJobsPerS, runs, jobs_per_s: median(runs.map((x) => x.jobs_per_s)) };
  });
}

/** Enqueue → handler start, one job at a time, with an idle worker blocked on Redis. */
async function latency(redisUrl: string, n: number): Promise<Record<string, unknown>> {
  return withQueue(redisUrl, 'bench-latency', async (q) => {
    const started = new Map<string, () => void>();
    q.process((id) => {
      started.get(id)?.();
      return Promise.resolve();
    }, 1);
    await new Promise((r) => setTimeout(r, 500));
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = `lat-${i}`;
      const seen = new Promise<void>((r) => started.set(id, r));
      const t = performance.now();
      await q.enqueue(id, { priority: 'normal' });
      await seen;
      ms.push(performance.now() - t);
      // Let the worker go idle (blocked waiting) again, as between real submits.
      await new Promise((r) => setTimeout(r, 20));
    }
    return { n, p50_ms: round(quantile(ms, 0.5), 2), p99_ms: round(quantile(ms, 0.99), 2), max_ms: round(Math.max(...ms), 2) };
  });
}

/** Jobs that each wait (like a remote LLM or search call), all in one worker process. */
async function waiting(redisUrl: string, n: number, waitMs: number, concurrency: number): Promise<Record<string, unknown>> {
  return withQueue(redisUrl, 'bench-wait', async (q) => {
    let done = 0;
    let inFlight = 0;
    let peakInFlight = 0;
    let finish: () => void = () => undefined;
    const all = new Promise<void>((r) => (finish = r));
    gc();
    const baseline = rssMb();
    const baseHeap = process.memoryUsage().heapUsed / 2 ** 20;
    let peakRss = baseline;
    let peakHeap = baseHeap;
    q.process(async () => {
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      await new Promise((r) => setTimeout(r, waitMs));
      inFlight--;
      if (++done === n) finish();
    }, concurrency);
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb());
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed / 2 ** 20);
    }, 50);
    const t0 = performance.now();
    for (let i = 0; i < n; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => q.enqueue(`wait-${i + k}`, { priority: 'normal' })));
    }
    await all;
    clearInterval(sampler);
    const totalS = (performance.now() - t0) / 1000;
    return {
      n,
      wait_ms: waitMs,
      worker_concurrency: concurrency,
      total_s: round(totalS, 2),
      jobs_per_s: round(n / totalS),
      peak_in_flight: peakInFlight,
      rss_baseline_mb: round(baseline),
      rss_peak_mb: round(peakRss),
      heap_baseline_mb: round(baseHeap),
      heap_peak_mb: round(peakHeap),
      // Upper bound: the peak heap includes garbage not yet collected.
      heap_kb_per_in_flight_job: round(((peakHeap - baseHeap) * 1024) / Math.max(1, peakInFlight)),
      rss_kb_per_in_flight_job: round(((peakRss - baseline) * 1024) / Math.max(1, peakInFlight)),
    };
  });
}

/**
 * Worker resume after a Redis crash: an idle worker, Redis killed for `downMs` and started again (empty, as
 * it keeps nothing on disk); timed from the moment the restarted server answers PING to the handler starting
 * a job enqueued at once by a freshly connected producer. The target is 2 s.
 */
async function resumeAfterRedisRestart(redis: OwnRedis, rounds: number, downMs: number): Promise<Record<string, unknown>> {
  const log = createLogger('silent');
  const workerConns = new RedisConnections({ url: redis.url, commandTimeoutMs: 5000 }, log);
  await workerConns.ready(5000);
  const worker = new BullMqQueue({ name: 'bench-resume', connections: workerConns, log, commandTimeoutMs: 10_000, lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 1 });
  const started = new Map<string, () => void>();
  worker.process((id) => {
    started.get(id)?.();
    return Promise.resolve();
  }, 1);
  const ms: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      await redis.stop();
      await new Promise((res) => setTimeout(res, downMs));
      await redis.start();
      const back = performance.now();
      const id = `resume-${r}`;
      const seen = new Promise<void>((res) => started.set(id, res));
      await withQueue(redis.url, 'bench-resume', async (producer) => {
        await producer.enqueue(id, { priority: 'normal' });
        await seen;
      });
      ms.push(performance.now() - back);
    }
  } finally {
    await worker.close(1000);
    await worker.closed(5000);
    await workerConns.close();
  }
  return { rounds, redis_down_ms: downMs, back_to_job_started_ms: ms.map((x) => round(x)), max_ms: round(Math.max(...ms)) };
}

/** Our queue layer alone on a private redis-server: no-op throughput, pick-up latency, waiting jobs. */
export async function benchDistributedQueue(redis: OwnRedis): Promise<Record<string, unknown>> {
  const noopN = Number(process.env.BENCH_NOOP_N ?? 5000);
  const rounds = Number(process.env.BENCH_NOOP_ROUNDS ?? 3);
  return {
    noop_concurrency_2: await noop(redis.url, noopN, 2, rounds),
    noop_concurrency_50: await noop(redis.url, noopN, 50, rounds),
    noop_producer_apart_concurrency_2: await noopSeparateProducer(redis.url, noopN, 2, rounds),
    noop_producer_apart_concurrency_50: await noopSeparateProducer(redis.url, noopN, 50, rounds),
    enqueue_to_start_idle_worker: await latency(redis.url, Number(process.env.BENCH_LATENCY_N ?? 300)),
    resume_after_redis_restart: await resumeAfterRedisRestart(redis, 3, 3000),
    waiting_jobs_one_process: await waiting(redis.url, Number(process.env.BENCH_WAIT_N ?? 2000), 1000, Number(process.env.BENCH_WAIT_CONCURRENCY ?? 2000)),
  };
}
