import type { FastifyReply } from 'fastify';
import type { ZodError } from 'zod';
import type { ErrorBody } from '../contracts/status';

export interface FieldProblem {
  field: string;
  problem: string;
}

/** An error meant for the client: its HTTP status, a short label and a message that says what to do. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    readonly headers: Record<string, string> = {},
    readonly extra: Partial<ErrorBody> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    const detail: ErrorBody['detail'] = { error: this.code, message: this.message };
    if (this.fields) detail.fields = this.fields;
    return { detail, ...this.extra };
  }
}

export function sendError(reply: FastifyReply, e: ApiError): FastifyReply {
  for (const [k, v] of Object.entries(e.headers)) void reply.header(k, v);
  return reply.code(e.status).send(e.body());
}

const EXPECTED: Record<string, string> = {
  object: 'a JSON object',
  array: 'a JSON array',
  string: 'a string (text in quotes)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

const fieldName = (path: readonly PropertyKey[]): string => (path.length ? path.map(String).join('.') : '(body)');

/** Turns a zod failure into the 422 of design §3, one entry per field and problem. */
export function validationError(err: ZodError, what = 'request'): ApiError {
  const fields: FieldProblem[] = [];
  const wrongType = new Set<string>();
  for (const issue of err.issues) {
    // Once a field has the wrong type, other checks on it (length, range) only add noise.
    if (wrongType.has(fieldName(issue.path))) continue;
    if (issue.code === 'invalid_type') wrongType.add(fieldName(issue.path));
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        fields.push({ field: fieldName([...issue.path, k]), problem: 'unknown field; remove it or check its spelling' });
      }
      continue;
    }
    let problem = issue.message;
    if (issue.code === 'invalid_type') {
      const missing = /received undefined/.test(issue.message);
      problem = missing ? 'is required' : `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
    } else if (issue.code === 'invalid_value' && 'values' in issue) {
      problem = `must be one of: ${issue.values.map(String).join(', ')}`;
    } else if (issue.code === 'too_big' || issue.code === 'too_small') {
      problem = issue.message.startsWith('Too') ? tooMessage(issue) : issue.message;
    }
    fields.push({ field: fieldName(issue.path), problem });
  }
  const first = fields[0];
  const summary = first ? `${first.field}: ${first.problem}` : 'the request is not valid';
  return new ApiError(422, 'validation_error', `Please fix the ${what}: ${summary}${fields.length > 1 ? ` (and ${fields.length - 1} more)` : ''}.`, fields);
}

function tooMessage(issue: { code: 'too_big' | 'too_small'; origin?: string; maximum?: unknown; minimum?: unknown }): string {
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
  return issue.code === 'too_big' ? `must be at most ${String(issue.maximum)}${unit}` : `must be at least ${String(issue.minimum)}${unit}`;
}

export const notFound = (what: string): ApiError =>
  new ApiError(404, 'not_found', `No ${what} has this id. Check the link, or submit the search again.`);
