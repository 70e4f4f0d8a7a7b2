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
    return { redis: await redis.command('INFO', 'server').then((s) => /redis_version:(\S+)/.exec(String(s))?.[1]), queue, cluster, celery_peer: peer };
  } finally {
    await redis.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runDistributedBench(), null, 2));
  process.exit(0);
}
