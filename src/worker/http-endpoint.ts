import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerMatches } from '../api/bearer';
import type { Metrics } from '../metrics/metrics';

export interface WorkerHealth {
  status: 'ok' | 'stopping';
  worker_id: string;
  active_jobs: number;
  concurrency: number;
  /** The worker's Redis connection as ioredis reports it (ready, reconnecting, …). */
  redis: string;
}

export interface WorkerEndpoint {
  port: number;
  close(): Promise<void>;
}

/**
 * The HTTP face of a worker-only process (`scholarsource worker` with WORKER_HTTP_PORT): GET /health for
 * a process manager's liveness check (503 while it shuts down) and GET /metrics for Prometheus. Nothing
 * else; the worker takes no requests.
 */
export async function serveWorkerEndpoint(
  port: number,
  host: string,
  metrics: Metrics,
  health: () => WorkerHealth,
  metricsToken?: string,
): Promise<WorkerEndpoint> {
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/health' && path !== '/metrics') {
      return json(404, { detail: { error: 'not_found', message: 'A worker answers only GET /health and GET /metrics.' } });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return json(405, { detail: { error: 'method_not_allowed', message: `Use GET ${path}.` } });
    }
    if (path === '/health') {
      const h = health();
      return json(h.status === 'ok' ? 200 : 503, h);
    }
    if (metricsToken && !bearerMatches(req.headers.authorization, metricsToken)) {
      return json(401, { detail: { error: 'unauthorized', message: 'The metrics need Authorization: Bearer <METRICS_TOKEN>.' } });
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(text),
      () => json(500, { detail: { error: 'internal_error', message: 'The metrics could not be collected.' } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
