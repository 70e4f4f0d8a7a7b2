import { readFileSync } from 'node:fs';
import type { Config } from '../config/config';
import { StatusResponse } from '../contracts/status';
import { hasSearchInput, SEARCH_FIELDS, SubmitRequest } from '../contracts/submit';
import { isTerminal } from '../contracts/vocabulary';
import { createLogger } from '../log/logger';
import { buildPipeline } from '../app/build-pipeline';
import { startRuntime } from '../app/runtime';
import { startDistributed } from '../app/distributed-runtime';
import { submitJob } from '../api/submit-job';
import { ApiError } from '../api/errors';
import { openStore } from '../store/open';
import { toStatusView } from '../store/job-view';
import { parse, UsageError } from './args';
import { claimDataDir } from './embedded';
import { resultsTable } from './print';

const OPTIONS = {
  title: { type: 'string' },
  author: { type: 'string' },
  isbn: { type: 'string' },
  'course-url': { type: 'string' },
  'book-url': { type: 'string' },
  topics: { type: 'string' },
  'syllabus-file': { type: 'string' },
  'max-results': { type: 'string' },
  'bypass-cache': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function requestFrom(argv: string[]): { body: SubmitRequest; json: boolean } {
  const { values: v } = parse(argv, OPTIONS);
  const raw: Record<string, unknown> = {
    book_title: v.title,
    book_author: v.author,
    isbn: v.isbn,
    course_url: v['course-url'],
    book_url: v['book-url'],
    topics_list: v.topics,
    syllabus_text: v['syllabus-file'] ? readFileSync(v['syllabus-file'], 'utf8') : undefined,
    max_results: v['max-results'] ? Number(v['max-results']) : undefined,
    bypass_cache: v['bypass-cache'],
  };
  const parsed = SubmitRequest.safeParse(Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)));
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  if (!hasSearchInput(parsed.data)) throw new UsageError(`Give something to search for: ${SEARCH_FIELDS.join(', ')} (see --help).`);
  return { body: parsed.data, json: v.json === true };
}

/** `scholarsource discover`: one job through the same queue and store; progress on stderr, results on stdout. */
export async function discoverCommand(config: Config, argv: string[]): Promise<number> {
  const { body, json } = requestFrom(argv);
  if (config.mode === 'distributed') {
    const final = await viaQueue(config, body);
    printFinal(final, json);
    return final.status === 'completed' ? 0 : 1;
  }
  const own = claimDataDir(config, null);
  const final =
    own.kind === 'server' && own.holder.port
      ? await viaServer(`http://127.0.0.1:${own.holder.port}`, body)
      : own.kind === 'server'
        ? failBusy(config)
        : await inProcess(config, body).finally(() => (own.kind === 'owned' ? own.release() : undefined));
  printFinal(final, json);
  return final.status === 'completed' ? 0 : 1;
}

function printFinal(final: StatusResponse, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(final, null, 2)}\n` : `${final.status === 'completed' ? resultsTable(final) : `Search ${final.status}: ${final.error ?? final.status_message}`}\n`);
}

function failBusy(config: Config): never {
  throw new Error(`${config.dataDir} is locked by a running ScholarSource process that serves no HTTP port; stop it first.`);
}

const progressLine = (s: StatusResponse): void => {
  process.stderr.write(`[${s.status}] ${s.status_message}\n`);
};

async function inProcess(config: Config, body: SubmitRequest): Promise<StatusResponse> {
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, { role: 'discover' });
  const store = await openStore(config);
  const { pipeline } = buildPipeline(config, store);
  // With a shared PostgreSQL (DATABASE_URL) other servers' unfinished jobs are theirs: leave them alone.
  const runtime = await startRuntime({ ...config, RATE_LIMIT_SUBMIT_PER_MINUTE: 0, RATE_LIMIT_SUBMIT_PER_HOUR: 0 }, log, {
    pipeline,
    store,
    reconcile: config.mode === 'embedded',
  });
  try {
    const { job } = await submitJob(runtime.deps, body, { clientKey: 'cli', priority: 'normal' }).catch((e: unknown) => {
      if (e instanceof ApiError) throw new UsageError(e.message);
      throw e;
    });
    let last = toStatusView(job);
    if (!isTerminal(last.status)) {
      last = await new Promise<StatusResponse>((resolve) => {
        const off = runtime.deps.bus.subscribeJob(job.id, (m) => {
          progressLine(m.data);
          if (m.kind === 'status' && isTerminal(m.data.status)) {
            off();
            resolve(m.data);
          }
        });
      });
    }
    return last;
  } finally {
    await runtime.close(5000);
    await store.close();
  }
}

/**
 * Distributed mode: the job goes onto the cluster's queue like any API submit, and the cluster's workers
 * run it; this process only submits and follows the job in PostgreSQL. It runs no worker and no reconciler.
 */
async function viaQueue(config: Config, body: SubmitRequest): Promise<StatusResponse> {
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, { role: 'discover' });
  const store = await openStore(config);
  const { pipeline } = buildPipeline(config, store);
  const runtime = await startDistributed({ ...config, RATE_LIMIT_SUBMIT_PER_MINUTE: 0, RATE_LIMIT_SUBMIT_PER_HOUR: 0 }, log, {
    roles: { api: false, worker: false, reconciler: false },
    pipeline,
    store,
  });
  try {
    const { job } = await submitJob(runtime.deps, body, { clientKey: 'cli', priority: 'normal' }).catch((e: unknown) => {
      if (e instanceof ApiError) throw new UsageError(e.message);
      throw e;
    });
    process.stderr.write(`Submitted job ${job.id} to queue ${config.QUEUE_NAME}\n`);
    let seen = '';
    let warned = false;
    const since = Date.now();
    for (;;) {
      const row = await store.jobs.get(job.id);
      if (!row) throw new Error(`job ${job.id} vanished from the database`);
      const s = toStatusView(row);
      const line = `${s.status}|${s.status_message}`;
      if (line !== seen) progressLine(s);
      seen = line;
      if (isTerminal(s.status)) return s;
      if (!warned && s.status === 'queued' && Date.now() - since > 30_000 && (await runtime.deps.workers().catch(() => [])).length === 0) {
        warned = true;
        process.stderr.write('No worker is running on this queue: start one with `scholarsource worker` (the job waits for it).\n');
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await runtime.close(5000);
    await store.close();
  }
}

/** Another process owns DATA_DIR: work through its HTTP API instead of opening the database. */
async function viaServer(base: string, body: SubmitRequest): Promise<StatusResponse> {
  process.stderr.write(`Using the ScholarSource server at ${base}\n`);
  const res = await fetch(`${base}/api/submit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const sub = (await res.json()) as { job_id?: string; detail?: { message: string } };
  if (!res.ok || !sub.job_id) throw new UsageError(sub.detail?.message ?? `the server answered ${res.status}`);
  for (;;) {
    const st = await fetch(`${base}/api/status/${sub.job_id}`);
    if (st.status === 429) {
      await new Promise((r) => setTimeout(r, 1000 * Number(st.headers.get('retry-after') ?? 1)));
      continue;
    }
    const s = StatusResponse.parse(await st.json());
    progressLine(s);
    if (isTerminal(s.status)) return s;
    await new Promise((r) => setTimeout(r, 500));
  }
}
