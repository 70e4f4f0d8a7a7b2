import { API_BASE } from './config';
import { CancelResponse, ErrorBody, StatusResponse, SubmitResponse, type SubmitRequestInput } from './contracts';
import type { z } from 'zod';

export type ExportFormat = 'csv' | 'md' | 'json' | 'ris' | 'bibtex';

export interface FieldProblem {
  field: string;
  problem: string;
}

/** An API answer that is not a success, in the shape of design §3, or a network failure (status 0). */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** Seconds until a rate-limited request may be retried (Retry-After or retry_after). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

const NETWORK = 'Could not reach the ScholarSource server. Check your internet connection, then try again.';

/** Reads Retry-After as seconds or as an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export async function problemFrom(res: Response): Promise<ApiProblem> {
  const body: unknown = await res.json().catch(() => null);
  const parsed = ErrorBody.safeParse(body);
  const retry = parseRetryAfter(res.headers.get('retry-after')) ?? (parsed.success ? (parsed.data.retry_after ?? null) : null);
  if (parsed.success) {
    const d = parsed.data.detail;
    return new ApiProblem(res.status, d.error, d.message, d.fields ?? [], retry);
  }
  return new ApiProblem(res.status, `http_${res.status}`, `The server answered ${res.status} ${res.statusText}. Please try again in a moment.`, [], retry);
}

async function call(path: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, init);
  } catch {
    throw new ApiProblem(0, 'network', NETWORK);
  }
  if (!res.ok) throw await problemFrom(res);
  return res;
}

async function json<T extends z.ZodType>(schema: T, path: string, init?: RequestInit): Promise<z.infer<T>> {
  const res = await call(path, init);
  const parsed = schema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new ApiProblem(res.status, 'bad_response', 'The server sent an answer this page does not understand. Reload the page and try again.');
  return parsed.data;
}

const enc = encodeURIComponent;

export const api = {
  submit: (body: SubmitRequestInput) =>
    json(SubmitResponse, '/api/submit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),

  status: (id: string) => json(StatusResponse, `/api/status/${enc(id)}`),

  cancel: (id: string) => json(CancelResponse, `/api/cancel/${enc(id)}`, { method: 'POST' }),

  async upload(file: File): Promise<{ upload_id: string }> {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await call('/api/uploads', { method: 'POST', body: form });
    const body = (await res.json().catch(() => null)) as { upload_id?: unknown } | null;
    if (typeof body?.upload_id !== 'string') throw new ApiProblem(res.status, 'bad_response', 'The upload was not accepted. Please try again.');
    return { upload_id: body.upload_id };
  },

  eventsUrl: (id: string) => `${API_BASE}/api/jobs/${enc(id)}/events`,

  exportUrl(id: string, format: ExportFormat, items?: readonly number[]): string {
    const q = new URLSearchParams({ format });
    if (items) q.set('items', items.join(','));
    return `${API_BASE}/api/jobs/${enc(id)}/export?${q.toString()}`;
  },

  /** Downloads an export and returns it with the server's file name. */
  async exportFile(id: string, format: ExportFormat, items?: readonly number[]): Promise<{ blob: Blob; filename: string }> {
    const url = api.exportUrl(id, format, items);
    const res = await call(url.slice(API_BASE.length));
    const cd = res.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(cd)?.[1] ?? `scholarsource-${id.slice(0, 8)}.${format === 'bibtex' ? 'bib' : format}`;
    return { blob: await res.blob(), filename };
  },
};
