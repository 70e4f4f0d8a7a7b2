import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/process';
import { TEST_DATABASE_URL } from '../support/stores';
import { Cluster, CourseSite, TERMINAL, courseJob, sleep, submit, until } from './harness';

/** A TCP proxy in front of the shared PostgreSQL, so a test can cut its processes off without touching the server. */
class DatabaseProxy {
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly target = new URL(TEST_DATABASE_URL);

  get url(): string {
    const u = new URL(TEST_DATABASE_URL);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((r) => this.server?.listen(this.port, '127.0.0.1', r));
    return this;
  }

  /** Resets every open connection and refuses new ones. */
  async cut(): Promise<void> {
    const closed = new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    for (const s of this.sockets) s.resetAndDestroy();
    await closed;
    this.server = null;
  }
}

describe('when PostgreSQL drops every connection for a few seconds', () => {
  const site = new CourseSite();
  const proxy = new DatabaseProxy();
  let cluster: Cluster;
  beforeAll(async () => {
    await site.start();
    await proxy.start();
    cluster = await new Cluster(undefined, { DATABASE_URL: proxy.url }).open();
  });
  afterAll(async () => {
    site.release();
    await cluster.close();
    await proxy.cut();
    await site.close();
  });

  it('API and worker stay up: requests get 503 with Retry-After meanwhile, and every accepted job still ends once', async () => {
    const [api, worker] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '2' })]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await submit(api.base, { topics_list: `eigenvalues, linear maps, topic ${i}`, bypass_cache: true })).body.job_id);
    site.holding = true;
    const held = (await submit(api.base, courseJob(site, 'held'))).body.job_id as string;
    ids.push(held);
    await until('the held job to fetch', () => site.heldCount === 1);

    await proxy.cut();
    const refused = await submit(api.base, { topics_list: 'during the outage' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.detail.error).toBe('service_unavailable');
    const status = await fetch(`${api.base}/api/status/${held}`);
    expect(status.status).toBe(503);
    expect((await fetch(`${api.base}/api/health/ready`)).status).toBe(503);
    // The worker's lease checks and the reconciler fail against the dead database for a while.
    await sleep(3000);
    expect(api.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();

    await proxy.start();
    site.release();
    const after = await until('submit to work again', async () => {
      const r = await submit(api.base, { topics_list: 'bayes theorem, conditional probability', bypass_cache: true });
      return r.status === 200 ? (r.body.job_id as string) : null;
    }, 30_000, 250);
    ids.push(after);
    const rows = await cluster.waitTerminal(ids, 60_000);
    expect(rows.map((r) => r.status).every((s) => TERMINAL.includes(s))).toBe(true);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    expect(Math.max(...rows.map((r) => r.result_writes))).toBe(1);
    expect(api.output()).not.toMatch(/"level":50|Unhandled 'error' event/);
    expect(worker.output()).not.toMatch(/Unhandled 'error' event/);
    expect(api.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
  }, 120_000);
});
