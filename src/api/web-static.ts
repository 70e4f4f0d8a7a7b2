import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `vite build web` writes the app. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths that belong to the API and its tools: they keep their JSON 404s and never get the app. */
const NOT_APP = ['/api', '/docs', '/openapi.json', '/metrics', '/admin', '/assets/'];

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Headers for the app page: it must be revalidated on every load, and it runs only our own code. */
const PAGE_HEADERS: Record<string, string> = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  // Job ids are capabilities (anyone with one sees the job), so they must not leak to the resource sites.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export interface WebApp {
  dir: string;
  /** True for a browser navigation to a path the app owns (GET or HEAD, accepts HTML, not an API path). */
  wantsApp(req: FastifyRequest): boolean;
  sendIndex(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/** The built app's directory, or null when it has not been built (then `/` keeps serving the API description). */
export function findWebDir(dir: string = DEFAULT_WEB_DIR): string | null {
  return existsSync(path.join(dir, 'index.html')) ? dir : null;
}

/**
 * Serves the built single-page app: hashed /assets/* immutable, index.html `no-cache` with an ETag, all
 * compressed with brotli or gzip (assets precompressed at build time, the rest on the fly by
 * @fastify/compress, scoped to these routes), and `/` and `/jobs/:id` answered with the app.
 */
export async function registerWebApp(app: FastifyInstance, dir: string): Promise<WebApp> {
  const indexPath = path.join(dir, 'index.html');
  const sendIndex = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const html = await readFile(indexPath, 'utf8');
    // `no-cache` means "revalidate": the ETag lets an unchanged page answer 304.
    const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
    void reply.headers(PAGE_HEADERS).header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('text/html; charset=utf-8').send(html);
  };

  await app.register(async (scope) => {
    // Registered first, with its global hook, so that it compresses what @fastify/static sends in this scope.
    await scope.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
    await scope.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      // The build writes .br and .gz next to each asset; they are sent as they are.
      preCompressed: true,
      wildcard: true,
      index: false,
      redirect: false,
      serveDotFiles: false,
      cacheControl: false,
      schemaHide: true,
      setHeaders(reply, filePath) {
        const rel = path.relative(dir, filePath).split(path.sep).join('/');
        if (rel.startsWith('assets/')) void reply.header('cache-control', IMMUTABLE);
        else if (rel.endsWith('.html')) void reply.headers(PAGE_HEADERS);
        else void reply.header('cache-control', 'public, max-age=3600');
      },
    });
    scope.get('/', { schema: { hide: true } }, sendIndex);
    scope.get('/jobs/:job_id', { schema: { hide: true } }, sendIndex);
  });

  return {
    dir,
    sendIndex,
    wantsApp(req) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const p = req.url.split('?')[0] ?? '';
      if (NOT_APP.some((prefix) => p === prefix || p.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))) return false;
      return (req.headers.accept ?? '').includes('text/html');
    },
  };
}
