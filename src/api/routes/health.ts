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
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  app.get('/api/health/workers', { schema: { tags: ['health'], summary: 'Live workers, from their heartbeats' } }, async () => {
    const workers = await deps.workers();
    return {
      status: workers.length > 0 ? 'healthy' : 'degraded',
      workers_available: workers.length > 0,
      worker_count: workers.length,
      workers,
    };
  });
}
