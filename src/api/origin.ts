import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config';
import { ApiError, sendError } from './errors';

/** The origins allowed by default: the server's own and the local development ones. */
export function allowedOrigins(c: Config): Set<string> {
  if (c.ALLOWED_ORIGINS.length > 0) return new Set(c.ALLOWED_ORIGINS);
  const own = [`http://localhost:${c.PORT}`, `http://127.0.0.1:${c.PORT}`];
  return new Set([...own, 'http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173']);
}

/**
 * CORS for allowed origins, and the POST rule of design §7, applied to every method but GET and HEAD: a
 * request without Origin is allowed (curl, API clients); one whose Origin is present must be allowed.
 */
export function originGuard(app: FastifyInstance, c: Config): void {
  const allowed = allowedOrigins(c);
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (!origin) return;
    if (allowed.has(origin)) {
      void reply.header('access-control-allow-origin', origin);
      void reply.header('vary', 'Origin');
      // A web app on another origin (static host) reads the export's file name and a 429's wait.
      void reply.header('access-control-expose-headers', 'content-disposition, retry-after');
      if (req.method === 'OPTIONS') {
        void reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
        void reply.header('access-control-allow-headers', 'content-type, idempotency-key, last-event-id, authorization');
        void reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      }
      return;
    }
    // Anything that may change state (POST here; PUT and DELETE on the queue dashboard) and preflights.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(reply, new ApiError(403, 'origin_not_allowed', `Requests from ${origin.slice(0, 100)} are not allowed. Use the ScholarSource web app, or call the API without an Origin header.`));
    }
  });
}
