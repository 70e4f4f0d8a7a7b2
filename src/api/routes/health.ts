import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps';

export function healthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Liveness (cheap)' } }, () => ({
    status: 'ok',
    version: deps.version,
    mode: deps.config.mode,
  }));

  app.get('/api/health/ready', { schema: { tags: ['health'], summary: 'Readiness: database and queue reachable' } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    await deps.store.db.query('SELECT 1').then(
      () => (checks.database = 'ok'),
      () => (checks.database = 'unreachable'),
    );
    await deps.queue.counts().then(
      () => (checks.queue = 'ok'),
      () => (checks.queue = 'unreachable'),
    );
    const ready = Object.values(checks).every((v) => v === 'ok');
    // A full Redis still answers reads (status, events), so the instance stays ready; submits get 503
    // and workers cannot move jobs until it has room, which this says for the operator.
    if (checks.queue === 'ok' && (await deps.queue.memoryFull().catch(() => false))) checks.queue_memory = 'full';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  app.get('/api/health/workers', { schema: { tags: ['health'], summary: 'Live workers, from their heartbeats' } }, async (req, reply) => {
    const workers = await deps.workers().catch((err: unknown) => {
      req.log.warn({ err: (err as Error).message }, 'worker heartbeats unreadable');
      return null;
    });
    if (!workers) {
      // The heartbeats live in Redis: while it is unreachable nobody can say which workers are alive.
      return reply.code(503).header('retry-after', '5').send({
        status: 'unknown',
        workers_available: null,
        worker_count: null,
        workers: [],
        message: 'Worker heartbeats cannot be read: the queue (Redis) is unreachable. Try again in a few seconds.',
      });
    }
    return {
      status: workers.length > 0 ? 'healthy' : 'degraded',
      workers_available: workers.length > 0,
      worker_count: workers.length,
      workers,
    };
  });
}
