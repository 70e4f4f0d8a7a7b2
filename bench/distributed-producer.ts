import { createInterface } from 'node:readline';
import { createLogger } from '../src/log/logger';
import { BullMqQueue } from '../src/queue/bullmq-queue';
import { RedisConnections } from '../src/queue/redis-connections';

/**
 * The producer side of the no-op benchmark in its own process, as the Celery peer's drive.py is and as our
 * API processes are. Each round: says "ready", waits for a line on stdin, enqueues N jobs in parallel
 * batches of 50 (several API requests at once) through our queue layer and prints {"enqueue_s"}. The parent
 * decides how many rounds to run and ends stdin when done.
 * usage: node --import tsx bench/distributed-producer.ts REDIS_URL QUEUE N ID_PREFIX
 */
const [redisUrl = '', name = '', nArg = '0', prefix = 'p'] = process.argv.slice(2);
const n = Number(nArg);
const log = createLogger('silent');
const connections = new RedisConnections({ url: redisUrl, commandTimeoutMs: 5000 }, log);
await connections.ready(5000);
const q = new BullMqQueue({ name, connections, log, commandTimeoutMs: 10_000, lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 1 });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const go = async (): Promise<boolean> => !(await lines.next()).done;
for (let round = 0; ; round++) {
  process.stdout.write('ready\n');
  if (!(await go())) break;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => q.enqueue(`${prefix}-${round}-${i + k}`, { priority: 'normal' })));
  }
  process.stdout.write(`${JSON.stringify({ enqueue_s: (performance.now() - t0) / 1000 })}\n`);
}
await q.closed(1000);
await connections.close();
