import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config';
import type { Logger } from '../log/logger';
import type { ApiDeps, WorkerInfo } from '../api/deps';
import { MemoryRateLimiter } from '../api/rate-limit/memory-limiter';
import { MemoryStreamSlots } from '../api/rate-limit/stream-slots';
import { deadLetterRoutes } from '../api/routes/dead-letters';
import { buildServer } from '../api/server';
import { clusterGauges, workerGauges } from '../metrics/gauges';
import { Metrics } from '../metrics/metrics';
import type { DiscoveryPipeline } from '../pipeline/pipeline';
import { MemoryEventBus } from '../queue/event-bus';
import { InProcessQueue } from '../queue/in-process-queue';
import { openStore, type Store } from '../store/open';
import { JobRunner } from '../worker/job-runner';
import { reconcile } from '../worker/reconciler';
import { runnerOptions } from './runner-options';
import { VERSION } from './version';

export interface Runtime {
  deps: ApiDeps;
  runner: JobRunner;
  app: FastifyInstance;
  /** Stops taking jobs, waits for running ones up to the grace period, then closes everything. */
  close(graceMs?: number): Promise<void>;
}

export interface RuntimeOptions {
  pipeline: DiscoveryPipeline;
  /** An already-open store (tests); otherwise the configured one is opened. */
  store?: Store;
  reconcileIntervalMs?: number;
  /**
   * Take up jobs other processes left unfinished (default true). A one-shot command on a database that
   * other processes share (`discover` with DATABASE_URL) must not: those jobs belong to running servers.
   */
  reconcile?: boolean;
}

/**
 * One process with API and in-process worker: embedded mode (PGlite) or PostgreSQL without Redis.
 * The API and the worker only see the interfaces, so the distributed drivers slot in here.
 */
export async function startRuntime(config: Config, log: Logger, opts: RuntimeOptions): Promise<Runtime> {
  const store = opts.store ?? (await openStore(config));
  const queue = new InProcessQueue();
  const bus = new MemoryEventBus();
  const limiter = new MemoryRateLimiter();
  const streams = new MemoryStreamSlots();
  const workerId = `${hostname()}:${process.pid}`;
  const startedAt = new Date().toISOString();
  const metrics = new Metrics('serve');
  const runner = new JobRunner(
    store,
    bus,
    opts.pipeline,
    runnerOptions(config),
    log.child({ component: 'worker', workerId }),
    metrics,
  );
  workerGauges(metrics, () => runner.activeCount, config.WORKER_CONCURRENCY);
  const workers = (): Promise<WorkerInfo[]> =>
    Promise.resolve([
      {
        id: workerId,
        host: hostname(),
        pid: process.pid,
        concurrency: config.WORKER_CONCURRENCY,
        active_jobs: runner.activeCount,
        last_heartbeat: new Date().toISOString(),
        started_at: startedAt,
      },
    ]);
  const deps: ApiDeps = { config, store, queue, bus, limiter, streams, pipeline: opts.pipeline, log, metrics, workers, version: VERSION };
  clusterGauges(metrics, { store, queue, workers });

  // Jobs left pending, queued or running by a previous process are taken up again before new work.
  const reconciles = opts.reconcile ?? true;
  if (reconciles) await reconcile(store, queue, bus, log);
  queue.process(runner.handle, config.WORKER_CONCURRENCY);
  const reconcileTimer = setInterval(() => {
    if (reconciles) reconcile(store, queue, bus, log).catch((err: unknown) => log.warn({ err }, 'reconcile failed'));
  }, opts.reconcileIntervalMs ?? 30_000);
  reconcileTimer.unref();
  const sweepTimer = setInterval(() => {
    store.cache
      .sweep()
      .then((n) => (n.cache || n.uploads ? log.info(n, 'expired cache rows and uploads deleted') : undefined))
      .catch((err: unknown) => log.warn({ err }, 'cache sweep failed'));
  }, config.CACHE_SWEEP_INTERVAL_SECONDS * 1000);
  sweepTimer.unref();
  await store.cache.sweep();

  const app = await buildServer(deps);
  deadLetterRoutes(app, deps);
  let closing: Promise<void> | null = null;
  return {
    deps,
    runner,
    app,
    close(graceMs = 30_000) {
      closing ??= (async () => {
        clearInterval(reconcileTimer);
        clearInterval(sweepTimer);
        await app.close();
        await queue.close(graceMs);
        runner.abortAll();
        // Aborted jobs hand themselves back (queued in the store) before the store closes.
        await queue.close(5000);
        runner.close();
        await limiter.close();
        await bus.close();
        if (!opts.store) await store.close();
      })();
      return closing;
    },
  };
}
