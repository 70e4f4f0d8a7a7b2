import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { bearerMatches } from '../bearer';

/**
 * GET /metrics in Prometheus's text format, and the HTTP metrics of every request. Registered before the
 * other routes so its hook sees them all. With METRICS_TOKEN set, scrapes must send it as a bearer token.
 */
export function metricsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.addHook('onResponse', (req, reply, done) => {
    // The route template, never the raw URL, so job ids do not become label values.
    const route = req.routeOptions.url ?? 'unmatched';
    deps.metrics.observeHttp(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics of this process and of the deployment' } }, async (req, reply) => {
    const token = deps.config.METRICS_TOKEN;
    if (token && !bearerMatches(req.headers.authorization, token)) {
      throw new ApiError(401, 'unauthorized', 'The metrics need Authorization: Bearer <METRICS_TOKEN>.');
    }
    const text = await deps.metrics.text();
    return reply.header('content-type', deps.metrics.contentType).header('cache-control', 'no-store').send(text);
  });
}
