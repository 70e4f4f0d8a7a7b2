import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiDeps } from './deps';
import { bearerMatches } from './bearer';
import { clientKey } from './client-key';
import { ApiError } from './errors';
import type { Bucket } from './rate-limit/rules';
import { rateRules } from './rate-limit/rules';

const JobId = z.uuid();

/** Parses a job id from the path, or answers 422 naming the field. */
export function parseJobId(raw: unknown): string {
  const r = JobId.safeParse(raw);
  if (!r.success) {
    throw new ApiError(422, 'validation_error', 'job_id must be the uuid returned by POST /api/submit.', [
      { field: 'job_id', problem: 'must be a uuid such as 3f2b6c1e-8a4d-4c3e-9f1a-2b7d5e6f8a90' },
    ]);
  }
  return r.data.toLowerCase();
}

/** Counts a hit against a bucket; throws a 429 that carries Retry-After and the original's flat fields. */
export async function enforceRateLimit(deps: ApiDeps, req: FastifyRequest, bucket: Bucket): Promise<void> {
  const key = clientKey(req, deps.config.TRUSTED_PROXIES);
  const d = await deps.limiter.hit(bucket, key, rateRules(deps.config)[bucket]);
  if (d.allowed) return;
  const message = `Too many ${bucket === 'status' ? 'status checks' : `${bucket} requests`} (limit ${d.rule}). Try again in ${d.retryAfterSeconds} s.`;
  throw new ApiError(429, 'rate_limited', message, undefined, { 'retry-after': String(d.retryAfterSeconds) }, {
    error: 'rate_limited',
    message,
    retry_after: d.retryAfterSeconds,
    limit: d.rule ?? '',
  });
}

export function isAdmin(deps: ApiDeps, req: FastifyRequest): boolean {
  return bearerMatches(req.headers.authorization, deps.config.ADMIN_TOKEN);
}
