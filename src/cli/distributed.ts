import type { Config } from '../config/config';
import { createLogger } from '../log/logger';
import { buildPipeline } from '../app/build-pipeline';
import { startDistributed, type Roles } from '../app/distributed-runtime';
import { openStore } from '../store/open';
import { serveWorkerEndpoint } from '../worker/http-endpoint';
import { UsageError } from './args';

const roleName = (r: Roles): string => (r.api && r.worker ? 'serve' : r.api ? 'api' : 'worker');

/**
 * `scholarsource api`, `scholarsource worker`, and `serve` in distributed mode: the HTTP side, the job
 * workers, or both in one process, on PostgreSQL and Redis. SIGTERM stops taking work, lets running jobs
 * finish for WORKER_SHUTDOWN_GRACE_SECONDS, hands the rest back to the queue and exits.
 */
export async function distributedCommand(config: Config, roles: Roles): Promise<number> {
  if (config.mode !== 'distributed') {
    throw new UsageError(
      `"scholarsource ${roleName(roles)}" runs one role of distributed mode and needs DATABASE_URL and REDIS_URL. ` +
        'Without them, "scholarsource serve" runs everything in one process.',
    );
  }
  const log = createLogger(config.LOG_LEVEL, { role: roleName(roles) });
  const store = await openStore(config);
  const { pipeline } = buildPipeline(config, store);
  let fatal: (e: Error) => void = () => undefined;
  const runtime = await startDistributed(config, log, { roles, pipeline, store, onFatal: (e) => fatal(e) }).catch(async (e: unknown) => {
    await store.close();
    setTimeout(() => process.exit(), 1000).unref();
    throw e;
  });
  if (runtime.app) {
    const address = await runtime.app.listen({ port: config.PORT, host: config.HOST });
    log.info({ address, mode: config.mode, queue: config.QUEUE_NAME, worker: roles.worker }, 'ScholarSource is serving');
  }
  let stopping = false;
  const runner = runtime.runner;
  const endpoint =
    !runtime.app && runner && config.WORKER_HTTP_PORT > 0
      ? await serveWorkerEndpoint(
          config.WORKER_HTTP_PORT,
          config.HOST,
          runtime.deps.metrics,
          () => ({
            status: stopping ? 'stopping' : 'ok',
            worker_id: runtime.workerId,
            active_jobs: runner.activeCount,
            concurrency: config.WORKER_CONCURRENCY,
            redis: runtime.redisStatus(),
          }),
          config.METRICS_TOKEN,
        ).catch(async (e: unknown) => {
          await runtime.close(0);
          await store.close();
          throw new UsageError(`WORKER_HTTP_PORT ${config.WORKER_HTTP_PORT} cannot be used: ${(e as Error).message}`);
        })
      : null;
  if (endpoint) log.info({ port: endpoint.port }, 'worker health and metrics served');

  return new Promise<number>((resolve) => {
    let code = 0;
    const stop = (signal: string): void => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now; running jobs are recovered by other workers when their locks expire');
        process.exit(1);
      }
      stopping = true;
      if (roles.worker) log.info({ signal, graceSeconds: config.WORKER_SHUTDOWN_GRACE_SECONDS }, 'shutting down: finishing running jobs');
      else log.info({ signal }, 'shutting down: closing connections and event streams');
      // Handing jobs back needs Redis; if it is unreachable the close cannot finish. Past this deadline the
      // process exits anyway: its jobs stay `running` in PostgreSQL and the reconciler or the lock expiry
      // gives them to another worker, as after a crash.
      const deadlineMs = config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000 + 15_000;
      setTimeout(() => {
        log.error({ deadlineMs }, 'shutdown did not finish in time (is Redis reachable?): exiting; other workers recover the running jobs');
        process.exit(1);
      }, deadlineMs).unref();
      runtime
        .close(config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000)
        .then(() => endpoint?.close())
        .then(() => store.close())
        .then(
          () => {
            log.info('stopped');
            resolve(code);
          },
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            resolve(1);
          },
        )
        // Nothing we own is left open; a library timer must not keep the process alive past this.
        .finally(() => setTimeout(() => process.exit(), 1000).unref());
    };
    fatal = (e) => {
      log.error({ err: e.message }, 'stopping');
      code = 1;
      stop('fatal');
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}
