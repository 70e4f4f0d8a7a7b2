/**
 * Errors the pipeline throws to steer the job runner. They carry a code, whether a retry could help,
 * and a message meant for the student. The API maps codes to HTTP only at its edge.
 */
export type PipelineErrorCode =
  | 'bad_input' // the inputs cannot give a result; do not retry
  | 'unknown_isbn' // the offline engine does not know this ISBN
  | 'blocked_url' // a guarded fetch refused the address
  | 'page_unreachable' // the course page could not be read; do not retry
  | 'page_unsupported' // wrong content type, too large
  | 'upstream_busy' // a provider said 429/503: retry after a delay
  | 'no_results' // nothing matched
  | 'aborted'; // cancelled or timed out

export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  readonly retryable: boolean;
  /** Seconds an upstream asked us to wait before retrying, when it said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: PipelineErrorCode, message: string, opts: { retryable?: boolean; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.retryable = opts.retryable ?? code === 'upstream_busy';
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export const isPipelineError = (e: unknown): e is PipelineError => e instanceof PipelineError;
