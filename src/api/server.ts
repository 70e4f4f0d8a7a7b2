import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { isRedisUnavailable } from '../queue/redis-errors';
import { StoreUnavailableError } from '../store/db';
import type { ApiDeps } from './deps';
import { ApiError, sendError } from './errors';
import { originGuard } from './origin';
import { eventRoutes } from './routes/events';
import { exportRoutes } from './routes/export';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { metaRoutes } from './routes/meta';
import { metricsRoutes } from './routes/metrics';
import { uploadRoutes } from './routes/uploads';
import { findWebDir, registerWebApp, type WebApp } from './web-static';

export interface ServerOptions {
  /** Serve the API description at `/` when there is no web app. */
  serveRoot?: boolean;
  /** The built web app to serve at `/` (default web/dist when it has been built); false: API only. */
  webDir?: string | false;
}

/** Builds the HTTP API. Routes validate with the contract schemas; /openapi.json is generated from them. */
export async function buildServer(deps: ApiDeps, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.log.child({ component: 'api' });
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    routerOptions: { maxParamLength: 200 },
    // A JSON body with __proto__ or constructor.prototype keys has them dropped before validation.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // Router-level failures (bad percent-encoding, over-long ids) answer in the API's error shape too.
    frameworkErrors: (e, _req, reply) => {
      void sendError(reply, new ApiError(e.statusCode === 414 ? 414 : 400, 'bad_request', e.statusCode === 414 ? 'The address is too long. Check the job id.' : 'The address could not be read (bad percent-encoding). Check the job id.'));
    },
    // Broken HTTP (bad framing, oversized headers) gets the same shape before any route runs.
    clientErrorHandler: (e: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const status = e.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify({ detail: { error: 'bad_request', message: status === 431 ? 'The request headers are too large.' : 'The HTTP request is malformed.' } });
      socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    },
  });

  // Routes validate with zod themselves, to give the error shape of design §3; JSON schemas are for the docs.
  app.setValidatorCompiler(() => (data: unknown) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // The API speaks JSON only; other bodies get 415 (uploads register their own multipart parser).
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((e: FastifyError | ApiError, req, reply) => {
    if (e instanceof ApiError) return sendError(reply, e);
    const status = e.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, new ApiError(status, clientErrorLabel(e), clientErrorMessage(e)));
    }
    if (e instanceof StoreUnavailableError) {
      req.log.warn({ err: e.message, url: req.url }, 'database unavailable');
      return sendError(
        reply,
        new ApiError(503, 'service_unavailable', 'The service is briefly unavailable (its database cannot be reached). Please try again in a few seconds.', undefined, {
          'retry-after': '5',
        }),
      );
    }
    if (isRedisUnavailable(e)) {
      // A route whose Redis call was not mapped on its own: the outage is temporary, not our bug to show.
      req.log.warn({ err: e.message, url: req.url }, 'Redis unavailable');
      return sendError(
        reply,
        new ApiError(503, 'service_unavailable', 'The service is briefly unavailable. Please try again in a few seconds.', undefined, { 'retry-after': '5' }),
      );
    }
    req.log.error({ err: e }, 'unhandled error');
    return sendError(reply, new ApiError(500, 'internal_error', 'Something went wrong on our side. Please try again.'));
  });
  let web: WebApp | null = null;
  app.setNotFoundHandler((req, reply) =>
    web?.wantsApp(req)
      ? web.sendIndex(req, reply)
      : sendError(reply, new ApiError(404, 'not_found', `There is no ${req.method} ${req.url.split('?')[0]}. See /docs for the API.`)),
  );

  await app.register(swagger, {
    openapi: {
      info: { title: 'ScholarSource API', version: deps.version, description: 'Free, legal study resources matched to a course.' },
      tags: [
        { name: 'jobs', description: 'Submit, follow and cancel searches' },
        { name: 'health', description: 'Liveness, readiness and workers' },
        { name: 'meta', description: 'About the API' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  metricsRoutes(app, deps);
  originGuard(app, deps.config);
  const webDir = opts.webDir === false ? null : findWebDir(opts.webDir);
  if (webDir) web = await registerWebApp(app, webDir);
  metaRoutes(app, deps, { serveRoot: !web && (opts.serveRoot ?? true) });
  healthRoutes(app, deps);
  jobRoutes(app, deps);
  eventRoutes(app, deps);
  exportRoutes(app, deps);
  await uploadRoutes(app, deps);
  return app;
}

function clientErrorLabel(e: FastifyError): string {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    default:
      return 'bad_request';
  }
}

function clientErrorMessage(e: FastifyError): string {
  switch (e.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty. Send a JSON object with the search fields.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the body as JSON with Content-Type: application/json (POST /api/uploads takes multipart/form-data with a field named "file").';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large (1 MB at most). Shorten the syllabus text to 50,000 characters.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    default:
      if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The request body is not valid JSON. Check quotes and commas.';
      return 'The request could not be read. Check its headers and body.';
  }
}
