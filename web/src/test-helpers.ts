import { vi } from 'vitest';
import type { Resource, StatusResponse } from './contracts';

export const JOB_ID = '3f2b6c1e-8a4d-4c3e-9f1a-2b7d5e6f8a90';

export const resources: Resource[] = [
  {
    type: 'textbook',
    title: 'Calculus Volume 1',
    source: 'OpenStax',
    url: 'https://openstax.org/details/books/calculus-volume-1',
    description: 'Free, peer-reviewed textbook.',
    coverage_topics: ['Limits', 'Derivatives'],
    license: 'CC-BY-NC-SA-4.0',
    license_source: 'catalog entry',
    notebooklm_format: 'webpage',
    score: 99,
    rationale: 'Covers 2 of 4 chapters.',
  },
  {
    type: 'video',
    title: 'Another Calculus Course',
    source: 'MIT OpenCourseWare',
    url: 'https://ocw.mit.edu/courses/18-01/',
    description: 'Video lectures.',
    coverage_topics: ['Integration'],
    license: 'CC-BY-NC-SA-4.0',
    license_source: 'catalog entry',
    notebooklm_format: 'youtube',
    score: 80,
    rationale: 'Videos for integration.',
  },
  {
    type: 'problem_set',
    title: 'Bad Link Problems',
    source: 'Somewhere',
    url: 'javascript:alert(1)',
    description: 'Not a web address.',
    coverage_topics: ['Limits'],
    license: 'unverified',
    license_source: 'page',
    notebooklm_format: 'not_compatible',
    score: 90,
    rationale: 'Problems.',
  },
];

export function status(over: Partial<StatusResponse> = {}): StatusResponse {
  return {
    job_id: JOB_ID,
    status: 'completed',
    status_message: 'Found 3 resources',
    search_title: 'Calculus Volume 1',
    results: resources,
    raw_output: '# x',
    error: null,
    metadata: {
      cache_used: false,
      attempt: 1,
      stage: 'done',
      chapters: ['Limits', 'Derivatives', 'Integration', 'Series'],
      textbook_info: { title: 'Calculus Volume 1', author: 'Gilbert Strang, Edwin Herman', isbn: null, source: 'user_provided' },
    },
    course_name: null,
    university_name: null,
    book_title: 'Calculus Volume 1',
    book_author: 'Strang',
    created_at: new Date(Date.now() - 5000).toISOString(),
    started_at: new Date(Date.now() - 4000).toISOString(),
    completed_at: new Date().toISOString(),
    progress: { stage: 'done', stage_index: 4, stage_count: 4, detail: 'Done' },
    ...over,
  };
}

export function running(stage: StatusResponse['progress']['stage'], index: number, detail: string, over: Partial<StatusResponse> = {}): StatusResponse {
  return status({
    status: 'running',
    results: null,
    completed_at: null,
    status_message: detail,
    progress: { stage, stage_index: index, stage_count: 4, detail },
    ...over,
  });
}

export const json = (body: unknown, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) }, ...init });

export const problem = (status: number, error: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json({ detail: { error, message, ...extra } }, { status, headers });

type Handler = (url: string, init: RequestInit | undefined) => Response | Promise<Response>;

/** Replaces fetch with a router: the first matching handler answers; every call is recorded. */
export function mockFetch(routes: [RegExp | string, Handler][]) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, init });
    const method = init?.method ?? 'GET';
    for (const [pattern, handler] of routes) {
      const key = `${method} ${url}`;
      if (typeof pattern === 'string' ? key.startsWith(pattern) : pattern.test(key)) return handler(url, init);
    }
    throw new TypeError(`unexpected fetch ${method} ${url}`);
  });
  vi.stubGlobal('fetch', fn);
  return { fn, calls };
}

/** A controllable EventSource: tests push events and drop the stream. */
export class FakeEventSource {
  static last: FakeEventSource | null = null;
  static count = 0;
  readonly listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
    FakeEventSource.count++;
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: unknown): void {
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  fail(): void {
    for (const fn of this.listeners.get('error') ?? []) fn(new MessageEvent('error'));
  }
}

export function installEventSource(): typeof FakeEventSource {
  FakeEventSource.last = null;
  FakeEventSource.count = 0;
  vi.stubGlobal('EventSource', FakeEventSource);
  return FakeEventSource;
}
