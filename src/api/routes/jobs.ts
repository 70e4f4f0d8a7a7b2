import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CancelResponse, ErrorBody, StatusResponse } from '../../contracts/status';
import { hasSearchInput, SEARCH_FIELDS, SubmitRequest, SubmitResponse } from '../../contracts/submit';
import { isTerminal } from '../../contracts/vocabulary';
import { literalHostProblem } from '../../pipeline/fetch/literal-host';
import { publishJob } from '../../queue/publish';
import { QueueUnavailableError } from '../../queue/queue';
import type { JobRecord } from '../../store/job-record';
import { toStatusView } from '../../store/job-view';
import type { ApiDeps } from '../deps';
import { clientKey } from '../client-key';
import { ApiError, notFound, validationError } from '../errors';
import { enforceRateLimit, isAdmin, parseJobId } from '../guards';
import { openApiSchema } from '../openapi';
import { idempotencyStoreKey, submitJob } from '../submit-job';
import { TerminalStatusCache } from '../terminal-cache';

/** A queued job older than this, with no live worker, says so in its status message. */
const NO_WORKER_NOTICE_MS = 30_000;
const IdempotencyKey = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/);
const err = openApiSchema(ErrorBody, 'output');
const jobIdParam = { type: 'object', properties: { job_id: { type: 'string', format: 'uuid' } }, required: ['job_id'] };

export function jobRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const terminal = new TerminalStatusCache(10_000);

  app.post(
    '/api/submit',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Start a search for study resources',
        description: `Needs at least one of: ${SEARCH_FIELDS.join(', ')}. Optional header Idempotency-Key returns the same job for 24 h.`,
        body: openApiSchema(SubmitRequest),
        // 503: the queue (Redis) is down or full; nothing was started, retry after Retry-After seconds.
        response: { 200: openApiSchema(SubmitResponse, 'output'), 400: err, 403: err, 409: err, 413: err, 415: err, 422: err, 429: err, 503: err },
      },
    },
    async (req, reply) => {
      if (req.body === undefined || req.body === null) {
        throw new ApiError(422, 'validation_error', 'The request body must be a JSON object with the search fields.', [
          { field: '(body)', problem: 'is required' },
        ]);
      }
      const parsed = SubmitRequest.safeParse(req.body);
      if (!parsed.success) throw validationError(parsed.error);
      const body = parsed.data;
      const hostile = (['course_url', 'book_url'] as const).flatMap((field) => {
        const url = body[field];
        const problem = url ? literalHostProblem(url, deps.config.FETCH_ALLOW_LOOPBACK) : null;
        return problem ? [{ field, problem }] : [];
      });
      if (hostile.length > 0) {
        throw new ApiError(422, 'validation_error', `Please fix the request: ${hostile[0]?.field} ${hostile[0]?.problem}. Give the public address of the course page.`, hostile);
      }
      if (!hasSearchInput(body)) {
        throw new ApiError(
          400,
          'missing_input',
          `Tell us what to search for: give at least one of ${SEARCH_FIELDS.join(', ')}.`,
        );
      }
      const priority = body.priority ?? 'normal';
      if (priority !== 'normal' && !isAdmin(deps, req)) {
        throw new ApiError(403, 'forbidden', 'Only operators can set priority high or low; leave priority out.', [
          { field: 'priority', problem: 'needs the admin token' },
        ]);
      }
      const rawKey = req.headers['idempotency-key'];
      let idempotencyKey: string | undefined;
      if (rawKey !== undefined) {
        const k = IdempotencyKey.safeParse(rawKey);
        if (!k.success) {
          throw new ApiError(422, 'validation_error', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', [
            { field: 'Idempotency-Key', problem: 'must be 1 to 255 visible ASCII characters' },
          ]);
        }
        idempotencyKey = k.data;
      }
      // A repeat of an earlier submit (same Idempotency-Key) returns that job and does not use up the quota.
      const replay = idempotencyKey !== undefined && (await deps.store.jobs.hasIdempotencyKey(idempotencyStoreKey(clientKey(req, deps.config.TRUSTED_PROXIES), idempotencyKey)));
      if (!replay) await enforceRateLimit(deps, req, 'submit');
      const { response, job } = await submitJob(deps, body, {
        clientKey: clientKey(req, deps.config.TRUSTED_PROXIES),
        priority,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      }).catch((e: unknown) => {
        if (e instanceof QueueUnavailableError) {
          req.log.warn({ err: e.message }, 'submit refused: the queue is unavailable');
          throw new ApiError(503, 'service_unavailable', 'The service is briefly unable to take new searches. Please try again in a few seconds.', undefined, {
            'retry-after': String(e.retryAfterSeconds),
          });
        }
        throw e;
      });
      req.log.info({ jobId: job.id, status: response.status }, 'job submitted');
      return reply.send(response);
    },
  );

  app.get(
    '/api/status/:job_id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'The state, progress and results of a job',
        params: jobIdParam,
        response: { 200: openApiSchema(StatusResponse, 'output'), 404: err, 422: err, 429: err },
      },
    },
    async (req) => {
      const id = parseJobId((req.params as { job_id: unknown }).job_id);
      await enforceRateLimit(deps, req, 'status');
      // A finished job never changes, so its status is served from memory without a database round trip.
      const cached = terminal.get(id);
      if (cached) return cached;
      const job = await deps.store.jobs.get(id);
      if (!job) throw notFound('job');
      const view = remember(terminal, job);
      if (job.status === 'queued' && Date.now() - new Date(job.updated_at).getTime() > NO_WORKER_NOTICE_MS) {
        // Say why a search is not starting: with no live worker it waits until one comes up.
        const live = await deps.workers().catch(() => null);
        if (live && live.length === 0) {
          view.status_message = 'No worker is running to take this search right now; it will start as soon as one is available.';
        }
      }
      return view;
    },
  );

  app.post(
    '/api/cancel/:job_id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a job in any unfinished state',
        params: jobIdParam,
        response: { 200: openApiSchema(CancelResponse, 'output'), 400: err, 404: err, 422: err, 429: err },
      },
    },
    async (req) => {
      const id = parseJobId((req.params as { job_id: unknown }).job_id);
      await enforceRateLimit(deps, req, 'cancel');
      const outcome = await deps.store.jobs.cancel(id);
      if (outcome.kind === 'not_found') throw notFound('job');
      if (outcome.kind === 'already_ended') {
        throw new ApiError(400, 'job_finished', `This job has already ended (${outcome.job.status}); there is nothing to cancel.`);
      }
      // Durable first, then the signals: a queued job is dropped, a running one is aborted where it runs.
      // Both at once, so a hung Redis delays the answer by one command timeout at most.
      await Promise.all([deps.queue.remove(id).catch(() => undefined), deps.bus.publishCancel(id).catch(() => undefined)]);
      void publishJob(deps.bus, outcome.job);
      req.log.info({ jobId: id }, 'job cancelled');
      return { job_id: id, status: 'cancelled' as const, message: 'Search cancelled.' };
    },
  );
}

function remember(cache: TerminalStatusCache, job: JobRecord) {
  const view = toStatusView(job);
  if (isTerminal(job.status)) cache.set(job.id, view);
  return view;
}
