import { OwnRedis } from '../test/distributed/harness';
import { benchDistributedCluster } from './distributed-cluster';
import { benchCeleryPeer } from './distributed-peer';
import { benchDistributedQueue } from './distributed-queue';

/**
 * The distributed benchmarks, side by side with the Celery peer on one private redis-server (noeviction,
 * no persistence): queue overhead, pick-up latency, waiting jobs in one process, end to end through
 * 2 API + 2 worker processes, and crash recovery. `BENCH_DISTRIBUTED=1 npm run bench`, or run this file.
 */
export async function runDistributedBench(): Promise<Record<string, unknown>> {
  const redis = await new OwnRedis().start();
  try {
    const queue = await benchDistributedQueue(redis);
    const cluster = process.env.BENCH_SKIP_CLUSTER === '1' ? { skipped: true } : await benchDistributedCluster(redis);
    const peer = process.env.BENCH_SKIP_PEER === '1' ? { skipped: true } : await benchCeleryPeer(redis);
    return {
      redis: await redis.command('INFO', 'server').then((s) => /redis_version:(\S+)/.exec(String(s))?.[1]),
      queue,
      cluster,
      celery_peer: peer,
      ratios: ratios(queue, peer),
    };
  } finally {
    await redis.close();
  }
}

type Figures = Record<string, unknown>;
const rate = (o: unknown, ...path: string[]): number => {
  let v: unknown = o;
  for (const k of path) v = v && typeof v === 'object' ? (v as Figures)[k] : undefined;
  return typeof v === 'number' ? v : NaN;
};
const ratio = (a: number, b: number): number | null => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? Math.round((a / b) * 10) / 10 : null);

/** Ours over Celery's, from this run's figures: the targets are stated against Celery's best case. */
function ratios(queue: Figures, peer: Figures): Figures {
  const celeryNoop = ['original_prefork_2', 'defaults_prefork_2', 'fast_threads_200'].map((p) => rate(peer, p, 'noop', 'jobs_per_s'));
  const celeryBest = Math.max(...celeryNoop.filter(Number.isFinite));
  const oursBest = Math.max(rate(queue, 'noop_concurrency_50', 'jobs_per_s'), rate(queue, 'noop_producer_apart_concurrency_50', 'jobs_per_s'));
  return {
    noop_ours_best_vs_celery_best: ratio(oursBest, celeryBest),
    // The first round of a fresh process, before V8 has compiled the hot paths (Celery's median of 3 runs stays the divisor).
    noop_cold_round_vs_celery_best: ratio(rate(queue, 'noop_concurrency_50', 'cold_round_jobs_per_s'), celeryBest),
    noop_producer_apart_vs_celery_best: ratio(rate(queue, 'noop_producer_apart_concurrency_50', 'jobs_per_s'), celeryBest),
    noop_equal_concurrency_2_vs_celery_defaults_prefork_2: ratio(rate(queue, 'noop_concurrency_2', 'jobs_per_s'), rate(peer, 'defaults_prefork_2', 'noop', 'jobs_per_s')),
    waiting_vs_celery_threads_200: ratio(rate(queue, 'waiting_jobs_one_process', 'jobs_per_s'), rate(peer, 'fast_threads_200', 'io_wait', 'jobs_per_s')),
    waiting_vs_celery_original: ratio(rate(queue, 'waiting_jobs_one_process', 'jobs_per_s'), rate(peer, 'original_prefork_2', 'io_wait', 'jobs_per_s')),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runDistributedBench(), null, 2));
  process.exit(0);
}
