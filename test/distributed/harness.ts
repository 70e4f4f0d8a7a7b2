import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { openPostgres } from '../../src/store/postgres-driver';
import { storeOn, type Store } from '../../src/store/open';
import { FIXTURES } from '../support/fixtures';
import { freePort, runCli, waitForHealth, type Spawned } from '../support/process';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/stores';

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TERMINAL = ['completed', 'failed', 'cancelled'];

export const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Maybe<T> = T | null | undefined | false;

export async function until<T>(what: string, fn: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await Promise.resolve()
      .then(fn)
      .catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * A course website for jobs to fetch: every path answers the MIT 18.05 course page. It can hold requests
 * (a very slow site) until released, add a fixed delay, answer 503 with Retry-After, or answer 404.
 */
export class CourseSite {
  url = '';
  holding = false;
  delayMs = 0;
  busy = false;
  /** Every page answers 404 (a course page that does not exist: a failure no retry can fix). */
  missing = false;
  requests = 0;
  /** Requests whose client went away before the answer (an aborted fetch). */
  aborted = 0;
  private readonly held = new Set<() => void>();
  private readonly page = readFileSync(path.join(FIXTURES, 'courses/mit-18-05-spring-2022/course-page.html'));
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    return this;
  }

  get heldCount(): number {
    return this.held.size;
  }

  release(): void {
    this.holding = false;
    for (const answer of [...this.held]) answer();
  }

  async close(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    let done = false;
    const reply = (): void => {
      if (done) return;
      done = true;
      this.held.delete(reply);
      if (res.destroyed) return;
      if (this.missing) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      else if (this.busy) res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('busy');
      else res.writeHead(200, { 'content-type': 'text/html' }).end(this.page);
    };
    req.socket.on('close', () => {
      if (!done) {
        this.aborted++;
        done = true;
        this.held.delete(reply);
      }
    });
    if (this.holding) this.held.add(reply);
    else if (this.delayMs > 0) setTimeout(reply, this.delayMs);
    else reply();
  }
}

/** A private redis-server that a test may stop, restart, fill or flush (never the shared one). */
export class OwnRedis {
  port = 0;
  private proc: ChildProcess | null = null;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'ss-redis-'));

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (or restarts, on the same port) the server; extra arguments such as '--maxmemory-policy', 'allkeys-lru'. */
  async start(extraArgs: string[] = []): Promise<this> {
    this.port ||= await freePort();
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...extraArgs], {
      stdio: 'ignore',
    });
    await until('redis to answer', async () => (await this.command('PING')) === 'PONG', 10_000, 50);
    return this;
  }

  /** Kills the server at once, like a crash. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
    this.proc = null;
  }

  async command(...args: (string | number)[]): Promise<unknown> {
    const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return await c.call(String(args[0]), ...args.slice(1).map(String));
    } finally {
      c.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ApiProcess extends Spawned {
  base: string;
  port: number;
}

/**
 * A distributed deployment for one test: its own Postgres schema and queue name (so nothing is shared with
 * other tests), real `scholarsource api` and `worker` processes, and a direct store handle for assertions.
 */
export class Cluster {
  readonly schema = uniqueSchema();
  readonly queue = `test-${randomUUID().slice(0, 8)}`;
  readonly procs: Spawned[] = [];
  store!: Store;

  constructor(
    private readonly redisUrl = SHARED_REDIS_URL,
    private readonly baseEnv: Record<string, string> = {},
  ) {}

  async open(): Promise<this> {
    this.store = await storeOn(await openPostgres(TEST_DATABASE_URL, this.schema, 3));
    return this;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: this.schema,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: this.redisUrl,
      QUEUE_NAME: this.queue,
      HOST: '127.0.0.1',
      FETCH_ALLOW_LOOPBACK: 'true',
      FETCH_TIMEOUT_MS: '60000',
      ADMIN_TOKEN,
      RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
      RATE_LIMIT_SUBMIT_PER_HOUR: '0',
      RATE_LIMIT_STATUS_PER_MINUTE: '0',
      RATE_LIMIT_CANCEL_PER_HOUR: '0',
      WORKER_LOCK_DURATION_MS: '5000',
      WORKER_STALLED_INTERVAL_MS: '2000',
      WORKER_HEARTBEAT_SECONDS: '1',
      RECONCILE_INTERVAL_SECONDS: '2',
      WORKER_SHUTDOWN_GRACE_SECONDS: '5',
      // The 800 ms default is for a hung Redis; a CI machine running many processes on 2 cores can starve
      // a healthy API process that long. A down or full Redis fails at once either way.
      REDIS_COMMAND_TIMEOUT_MS: '3000',
      ...this.baseEnv,
      ...extra,
    };
  }

  async api(extra: Record<string, string> = {}): Promise<ApiProcess> {
    const port = await freePort();
    const p = runCli(['api'], this.env({ PORT: String(port), ...extra }));
    this.procs.push(p);
    const base = `http://127.0.0.1:${port}`;
    await Promise.race([waitForHealth(base, 60_000), p.exited.then((code) => Promise.reject(new Error(`api exited ${code}: ${p.output()}`)))]);
    return { ...p, base, port };
  }

  /** Starts a worker process and waits until its heartbeat shows. */
  async worker(extra: Record<string, string> = {}): Promise<Spawned> {
    const p = runCli(['worker'], this.env(extra));
    this.procs.push(p);
    const pid = p.child.pid;
    await Promise.race([
      until(`worker ${pid} heartbeat`, async () => (await this.liveWorkers()).some((w) => w.pid === pid), 60_000, 100),
      p.exited.then((code) => Promise.reject(new Error(`worker exited ${code}: ${p.output()}`))),
    ]);
    return p;
  }

  async liveWorkers(): Promise<{ pid: number; active_jobs: number; jobs: string[] }[]> {
    const c = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      const ids = await c.smembers(`ss:${this.queue}:workers`);
      if (ids.length === 0) return [];
      const vals = await c.mget(ids.map((id) => `ss:${this.queue}:worker:${id}`));
      return vals.filter((v): v is string => v !== null).map((v) => JSON.parse(v));
    } finally {
      c.disconnect();
    }
  }

  async job(id: string): Promise<any> {
    return (await this.store.db.query('SELECT * FROM jobs WHERE id = $1', [id])).rows[0];
  }

  async jobs(ids: string[]): Promise<any[]> {
    return (await this.store.db.query('SELECT * FROM jobs WHERE id = ANY($1::uuid[])', [ids])).rows;
  }

  async waitTerminal(ids: string[], timeoutMs: number): Promise<any[]> {
    return until(
      `${ids.length} jobs to end`,
      async () => {
        const rows = await this.jobs(ids);
        return rows.length === ids.length && rows.every((r) => TERMINAL.includes(r.status)) ? rows : null;
      },
      timeoutMs,
      250,
    );
  }

  /** Kills every process still running, drops the schema and deletes this test's Redis keys. */
  async close(): Promise<void> {
    for (const p of this.procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(this.procs.map((p) => p.exited));
    await this.store.db.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`).catch(() => undefined);
    await this.store.close();
    await deleteKeys(this.redisUrl, [`bull:${this.queue}:*`, `ss:${this.queue}:*`]).catch(() => undefined);
  }
}

/** Deletes keys by pattern (our unique prefixes only; the shared Redis is never flushed). */
async function deleteKeys(url: string, patterns: string[]): Promise<void> {
  const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => undefined);
  try {
    await c.connect();
    for (const match of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await c.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await c.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    c.disconnect();
  }
}

export async function submit(base: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers; ms: number }> {
  const t = performance.now();
  const res = await fetch(`${base}/api/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const parsed: unknown = await res.json().catch(() => null);
  return { status: res.status, body: parsed, headers: res.headers, ms: performance.now() - t };
}

/** A job that fetches the test site's course page, unique per call so no cache answers it. */
export const courseJob = (site: CourseSite, tag: string | number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  course_url: `${site.url}/course-${tag}.html`,
  bypass_cache: true,
  ...extra,
});

/** A course site and a cluster (own schema and queue) for one test file: opened before its tests, closed after. */
export function clusterForFile(env: Record<string, string> = {}): { site: CourseSite; cluster: Cluster } {
  const site = new CourseSite();
  const cluster = new Cluster(undefined, env);
  beforeAll(async () => {
    await site.start();
    await cluster.open();
  });
  afterAll(async () => {
    site.release();
    await cluster.close();
    await site.close();
  });
  return { site, cluster };
}

