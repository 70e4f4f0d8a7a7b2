import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps';
import { RedisRateLimiter } from '../api/rate-limit/redis-limiter';
import { RedisStreamSlots } from '../api/rate-limit/redis-stream-slots';
import { deadLetterRoutes } from '../api/routes/dead-letters';
import { queueDashboard } from '../api/routes/queue-dashboard';
import { buildServer } from '../api/server';
import type { Config } from '../config/config';
import type { Logger } from '../log/logger';
import { clusterGauges, workerGauges } from '../metrics/gauges';
import { Metrics } from '../metrics/metrics';
import type { DiscoveryPipeline } from '../pipeline/pipeline';
import { BullMqQueue } from '../queue/bullmq-queue';
import { RedisConnections, evictionPolicy } from '../queue/redis-connections';
import { RedisEventBus } from '../queue/redis-event-bus';
import { RedisLease } from '../queue/redis-lock';
import { RedisWorkerRegistry } from '../queue/redis-worker-registry';
import { openStore, type Store } from '../store/open';
import { JobRunner } from '../worker/job-runner';
import { reconcile } from '../worker/reconciler';
import { runnerOptions } from './runner-options';
import { VERSION } from './version';

export interface Roles {
  api: boolean;
  worker: boolean;
  /** Stand for election as the reconciler (default true); a one-shot command (`discover`) does not. */
  reconciler?: boolean;
}

export interface DistributedRuntime {
  deps: ApiDeps;
  /** The HTTP app (API role), not yet listening. */
  app: FastifyInstance | null;
  runner: JobRunner | null;
  workerId: string;
  /** The state of this process's Redis connection as ioredis names it (ready, connecting, reconnecting, …). */
  redisStatus(): string;
  /** Stops taking work; running jobs get graceMs to finish, then are handed back to the queue. */
  close(graceMs?: number): Promise<void>;
}

export interface DistributedOptions {
  roles: Roles;
  pipeline: DiscoveryPipeline;
  store?: Store;
  /** Told when the process must stop (a worker found, after a reconnect, a Redis that may evict keys). */
  onFatal?: (e: Error) => void;
}

export class EvictingRedisError extends Error {
  override name = 'EvictingRedisError';
}

/**
 * Distributed mode: PostgreSQL holds the jobs, BullMQ on Redis carries them to workers, Redis pub/sub
 * carries events and cancels, and rate limits are shared in Redis. One process may run the API role,
 * the worker role, or both (`serve`). Every process takes part in electing the one reconciler.
 */
export async function startDistributed(config: Config, log: Logger, opts: DistributedOptions): Promise<DistributedRuntime> {
  if (!config.REDIS_URL || !config.DATABASE_URL) throw new Error('distributed mode needs DATABASE_URL and REDIS_URL');
  const store = opts.store ?? (await openStore(config));
  const ns = config.QUEUE_NAME;
  const processId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const redis = new RedisConnections({ url: config.REDIS_URL, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS }, log.child({ component: 'redis' }));
  await redis.ready(10_000).catch(() =>
    log.warn(
      opts.roles.api
        ? 'Redis is not reachable yet; requests that need it answer 503 until it is'
        : 'Redis is not reachable yet; this worker takes jobs once it is',
    ),
  );

  const queue = new BullMqQueue({
    name: ns,
    connections: redis,
    log: log.child({ component: 'queue' }),
    commandTimeoutMs: Math.max(config.REDIS_COMMAND_TIMEOUT_MS, 200),
    lockDurationMs: config.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: config.JOB_MAX_ATTEMPTS + 1,
  });
  const bus = new RedisEventBus(redis.producer, () => redis.subscriber, ns, log.child({ component: 'events' }));
  const registry = new RedisWorkerRegistry(redis.producer, ns, config.WORKER_HEARTBEAT_SECONDS * 3);
  const limiter = new RedisRateLimiter(redis.producer, {
    namespace: ns,
    failOpen: ['status', 'cancel'],
    timeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    log: log.child({ component: 'rate-limit' }),
  });
  const streams = new RedisStreamSlots(redis.producer, {
    namespace: ns,
    timeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    log: log.child({ component: 'event-streams' }),
  });
  const workers = memo(() => registry.list(), 1000);
  const metrics = new Metrics(opts.roles.api && opts.roles.worker ? 'serve' : opts.roles.api ? 'api' : 'worker');
  const deps: ApiDeps = { config, store, queue, bus, limiter, streams, pipeline: opts.pipeline, log, metrics, workers, version: VERSION };
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => Promise<unknown>, what: string): void => {
    const t = setInterval(() => void fn().catch((err: unknown) => log.warn({ err: (err as Error).message }, `${what} failed`)), ms);
    t.unref();
    timers.push(t);
  };

  let runner: JobRunner | null = null;
  const startedAt = new Date().toISOString();
  if (opts.roles.worker) {
    // Checked again on every (re)connection: a Redis that was down at start, or came back with another
    // configuration, must not silently run the queue with eviction on.
    redis.producer.on('ready', () => {
      void checkEviction(redis, config, log).catch((e: unknown) => opts.onFatal?.(e as Error));
    });
    await checkEviction(redis, config, log).catch(async (e: unknown) => {
      await queue.closed(0);
      await redis.close();
      if (!opts.store) await store.close();
      throw e;
    });
    const wlog = log.child({ component: 'worker', workerId: processId });
    const r = new JobRunner(
      store,
      bus,
      opts.pipeline,
      runnerOptions(config, { leaseCheckMs: 1000 }),
      wlog,
      metrics,
    );
    runner = r;
    workerGauges(metrics, () => r.activeCount, config.WORKER_CONCURRENCY);
    const beat = (): Promise<void> =>
      registry.beat({
        id: processId,
        host: hostname(),
        pid: process.pid,
        concurrency: config.WORKER_CONCURRENCY,
        active_jobs: r.activeCount,
        last_heartbeat: new Date().toISOString(),
        started_at: startedAt,
        jobs: r.activeJobIds(),
      });
    await beat().catch(() => undefined);
    every(config.WORKER_HEARTBEAT_SECONDS * 1000, beat, 'heartbeat');
    queue.process(r.handle, config.WORKER_CONCURRENCY);
    wlog.info({ queue: ns, concurrency: config.WORKER_CONCURRENCY }, 'worker started');
  }

  // One process at a time reconciles the store with Redis and sweeps the cache: whoever holds the lease.
  const intervalMs = config.RECONCILE_INTERVAL_SECONDS * 1000;
  const lease = new RedisLease(redis.producer, `ss:${ns}:reconciler`, processId, Math.max(3 * intervalMs, 15_000));
  let lastSweep = 0;
  const suspects = new Set<string>();
  const reconcileTick = async (): Promise<void> => {
    if (!(await lease.acquire())) return;
    await reconcile(store, queue, bus, log.child({ component: 'reconciler' }), {
      held: async () => new Set((await registry.beats()).flatMap((b) => b.jobs)),
      minPendingAgeMs: 5000,
      suspects,
    });
    if (Date.now() - lastSweep > config.CACHE_SWEEP_INTERVAL_SECONDS * 1000) {
      lastSweep = Date.now();
      const n = await store.cache.sweep();
      if (n.cache || n.uploads) log.info(n, 'expired cache rows and uploads deleted');
    }
  };
  if (opts.roles.reconciler ?? true) {
    every(intervalMs, reconcileTick, 'reconcile');
    // Jobs a flushed Redis or a crash left behind are taken up at start, not one interval later.
    await reconcileTick().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'reconcile failed'));
  }

  let app: FastifyInstance | null = null;
  if (opts.roles.api) {
    clusterGauges(metrics, { store, queue, workers });
    app = await buildServer(deps);
    deadLetterRoutes(app, deps);
    await queueDashboard(app, queue.bullQueue, config.ADMIN_TOKEN);
  }

  let closing: Promise<void> | null = null;
  return {
    deps,
    app,
    runner,
    workerId: processId,
    redisStatus: () => redis.producer.status,
    close(graceMs = config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000) {
      closing ??= (async () => {
        for (const t of timers) clearInterval(t);
        if (app) await closeHttp(app);
        if (runner) {
          // Stop taking jobs, let running ones finish within the grace period, then hand the rest back.
          // An idle worker has nothing to wait for (with Redis unreachable, BullMQ's close would hang).
          const busy = runner.activeCount > 0;
          await queue.close(busy ? graceMs : 1000);
          runner.abortAll();
          await queue.closed(busy || runner.activeCount > 0 ? 10_000 : 1000);
          runner.close();
          await registry.remove(processId).catch(() => undefined);
        } else {
          await queue.closed(0);
        }
        await lease.release().catch(() => undefined);
        await limiter.close();
        streams.close();
        await bus.close();
        await redis.close();
        if (!opts.store) await store.close();
      })();
      return closing;
    },
  };
}

/** Refuses to run workers on a Redis that may evict keys (a lost job or lock), unless told to accept it. */
async function checkEviction(redis: RedisConnections, config: Config, log: Logger): Promise<void> {
  const policy = await evictionPolicy(redis.producer);
  if (policy === null) {
    log.warn('could not read Redis maxmemory-policy; make sure it is noeviction, or jobs may be lost when Redis fills up');
    return;
  }
  if (policy === 'noeviction') return;
  const message = `Redis maxmemory-policy is "${policy}": Redis may evict queued jobs and their locks when it fills up. Set maxmemory-policy noeviction on the queue's Redis`;
  if (!config.REDIS_ALLOW_EVICTION) throw new EvictingRedisError(`${message}, or set REDIS_ALLOW_EVICTION=true to run anyway.`);
  log.error(`${message}. Running anyway because REDIS_ALLOW_EVICTION=true: JOBS CAN BE LOST.`);
}

/** Closes the HTTP side; open event streams get 2 s to end before their connections are cut. */
async function closeHttp(app: FastifyInstance): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = app.close();
  await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, 2000)))]);
  clearTimeout(timer);
  app.server.closeAllConnections();
  await closed;
}

/** Caches a read for ms, so frequent status checks do not each ask Redis for the worker list. */
function memo<T>(fn: () => Promise<T>, ms: number): () => Promise<T> {
  let at = 0;
  let value: Promise<T> | null = null;
  return () => {
    if (!value || Date.now() - at > ms) {
      at = Date.now();
      value = fn();
      value.catch(() => {
        value = null;
      });
    }
    return value;
  };
}
