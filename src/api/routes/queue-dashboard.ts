import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { isRedisUnavailable } from '../../queue/redis-errors';
import { ApiError, sendError } from '../errors';

const BASE = '/admin/queues';
/** bull-board's type lists only the statuses it uses itself; its Fastify adapter sends whichever it is given. */
type BoardReply = ReturnType<Parameters<FastifyAdapter['setErrorHandler']>[0]>;
const boardReply = (status: number, body: Record<string, string>): BoardReply => ({ status, body }) as unknown as BoardReply;

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Bearer <token> for tools, or HTTP Basic with the token as password so a browser can open the page. */
function authorized(req: FastifyRequest, token: string): boolean {
  const h = req.headers.authorization ?? '';
  if (h.startsWith('Bearer ')) return same(h.slice(7), token);
  if (h.startsWith('Basic ')) {
    const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
    return same(decoded.slice(decoded.indexOf(':') + 1), token);
  }
  return false;
}

/**
 * The BullMQ dashboard at /admin/queues, for operators only (ADMIN_TOKEN). Without a token it is not served.
 * It shows Redis's view; the jobs table in PostgreSQL stays the record of truth.
 */
export async function queueDashboard(app: FastifyInstance, queue: Queue, adminToken: string | undefined): Promise<void> {
  if (!adminToken) return;
  const adapter = new FastifyAdapter();
  adapter.setBasePath(BASE);
  createBullBoard({ queues: [new BullMQAdapter(queue, { readOnlyMode: false })], serverAdapter: adapter });
  // bull-board answers every failure 500 with the raw error message; a Redis outage is a 503 and says so.
  adapter.setErrorHandler((error: Error & { statusCode?: number }) => {
    if (isRedisUnavailable(error)) {
      app.log.warn({ err: error.message }, 'queue dashboard: Redis unavailable');
      return boardReply(503, { error: 'service_unavailable', message: 'The queue (Redis) is unreachable. Try again in a few seconds.' });
    }
    app.log.error({ err: error }, 'queue dashboard failed');
    return boardReply(error.statusCode ?? 500, { error: 'internal_error', message: 'The queue dashboard failed; the server log has the details.' });
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (authorized(req, adminToken)) return done();
      void reply.header('www-authenticate', 'Basic realm="ScholarSource admin"');
      sendError(reply, new ApiError(401, 'unauthorized', 'The queue dashboard is for operators: sign in with the admin token.'));
    });
    await scope.register(adapter.registerPlugin(), { prefix: BASE });
  });
}
