import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps';

export function metaRoutes(app: FastifyInstance, deps: ApiDeps, opts: { serveRoot: boolean }): void {
  const info = () => ({
    name: 'ScholarSource API',
    version: deps.version,
    description: 'Finds free, legal study resources that match a course, chapter by chapter.',
    mode: deps.config.mode,
    links: { docs: '/docs', openapi: '/openapi.json', health: '/api/health', submit: '/api/submit' },
  });
  app.get('/api', { schema: { tags: ['meta'], summary: 'Name, version and links' } }, info);
  if (opts.serveRoot) app.get('/', { schema: { hide: true } }, info);
}
