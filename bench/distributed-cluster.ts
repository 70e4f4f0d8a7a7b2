import { readFileSync } from 'node:fs';
import { Cluster, CourseSite, courseJob, submit, until, type OwnRedis } from '../test/distributed/harness';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
const rssMb = (pid: number | undefined): number => {
  const m = pid ? /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8')) : null;
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

/** Submit → completed through real processes: 2 `api` and 2 `worker`, real offline pipeline, Postgres and Redis. */
async function endToEnd(redis: OwnRedis, n: number, inFlight: number): Promise<Record<string, unknown>> {
  const cluster = await new Cluster(redis.url, { LOG_LEVEL: 'warn', NODE_ENV: 'production', FETCH_ALLOW_LOOPBACK: 'false' }).open();
  try {
    const [a, b] = await Promise.all([cluster.api(), cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '4' }), cluster.worker({ WORKER_CONCURRENCY: '4' })]);
    const apis = [a, b];
    // Warm both workers' catalogs and indexes, as a running deployment would be.
    const warm = await Promise.all([0, 1, 2, 3].map((i) => submit(apis[i % 2]!.base, { topics_list: `warm up ${i}`, bypass_cache: true })));
    await cluster.waitTerminal(warm.map((w) => w.body.job_id), 120_000);

    const topics = ['bayes theorem', 'linear regression', 'eigenvalues', 'thermodynamics', 'supply and demand', 'cell biology', 'recursion', 'organic chemistry'];
    const latencies: number[] = [];
    const submitMs: number[] = [];
    let next = 0;
    let failed = 0;
    const t0 = performance.now();
    const one = async (i: number): Promise<void> => {
      const api = apis[i % 2]!;
      const t = performance.now();
      const r = await submit(api.base, { topics_list: `${topics[i % topics.length]}, topic ${i}`, bypass_cache: true });
      submitMs.push(r.ms);
      const id: string = r.body.job_id;
      for (;;) {
        const s: any = await (await fetch(`${apis[(i + 1) % 2]!.base}/api/status/${id}`)).json();
        if (['completed', 'failed', 'cancelled'].includes(s.status)) {
          if (s.status !== 'completed') failed++;
          break;
        }
        await new Promise((res) => setTimeout(res, 25));
      }
      latencies.push(performance.now() - t);
    };
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < n) await one(next++);
      }),
    );
    const totalS = (performance.now() - t0) / 1000;
    return {
      n,
      clients_in_flight: inFlight,
      processes: '2 api + 2 worker (concurrency 4 each)',
      total_s: round(totalS, 2),
      jobs_per_s: round(n / totalS, 2),
      // The POST /api/submit answer alone (row written, job enqueued), then submit → completed seen by a status poll.
      submit_p50_ms: round(quantile(submitMs, 0.5)),
      submit_p99_ms: round(quantile(submitMs, 0.99)),
      submit_to_completed_p50_ms: round(quantile(latencies, 0.5)),
      submit_to_completed_p99_ms: round(quantile(latencies, 0.99)),
      failed,
      rss_mb: cluster.procs.map((p) => rssMb(p.child.pid)),
    };
  } finally {
    await cluster.close();
  }
}

/** kill -9 a worker holding jobs: time until another takes them over, and until a restarted worker resumes them. */
async function crashRecovery(redis: OwnRedis): Promise<Record<string, unknown>> {
  const site = await new CourseSite().start();
  const cluster = await new Cluster(redis.url, { LOG_LEVEL: 'warn', WORKER_LOCK_DURATION_MS: '10000', WORKER_STALLED_INTERVAL_MS: '3000' }).open();
  try {
    const [api, victim] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '4' })]);
    const defaults = cluster.env();
    site.holding = true;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await submit(api.base, courseJob(site, `crash-${i}`))).body.job_id);
    await until('4 jobs held', () => site.heldCount === 4, 60_000);

    // Restart: the only worker is killed and a new one started at once (a supervisor restarting it).
    victim.child.kill('SIGKILL');
    const killedAt = performance.now();
    site.release();
    await cluster.worker({ WORKER_CONCURRENCY: '4' });
    const workerUpMs = performance.now() - killedAt;
    await until('all jobs taken over', async () => (await cluster.jobs(ids)).every((r) => r.attempt >= 2), 60_000, 50);
    const resumedMs = performance.now() - killedAt;
    await cluster.waitTerminal(ids, 60_000);
    const doneMs = performance.now() - killedAt;
    return {
      lock_duration_ms: Number(defaults.WORKER_LOCK_DURATION_MS),
      stalled_interval_ms: Number(defaults.WORKER_STALLED_INTERVAL_MS),
      kill_to_new_worker_up_ms: Math.round(workerUpMs),
      kill_to_jobs_resumed_ms: Math.round(resumedMs),
      kill_to_jobs_completed_ms: Math.round(doneMs),
    };
  } finally {
    site.release();
    await cluster.close();
    await site.close();
  }
}

export async function benchDistributedCluster(redis: OwnRedis): Promise<Record<string, unknown>> {
  return {
    end_to_end: await endToEnd(redis, Number(process.env.BENCH_E2E_N ?? 200), Number(process.env.BENCH_E2E_CLIENTS ?? 16)),
    crash_recovery_default_locks: await crashRecovery(redis),
  };
}
