import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, OwnRedis, submit, until, type ApiProcess } from './harness';

/** Our processes' connections, by name (`scholarsource:<role>:<pid>`, or BullMQ's own for its worker). */
async function clients(redis: OwnRedis): Promise<number> {
  const list = String(await redis.command('CLIENT', 'LIST', 'TYPE', 'normal'));
  const pubsub = String(await redis.command('CLIENT', 'LIST', 'TYPE', 'pubsub'));
  // The probe's own connection is in the first list; leave it out.
  return [...list.split('\n'), ...pubsub.split('\n')].filter((l) => l.trim() !== '' && !/cmd=client\|list/.test(l)).length;
}

/** Every connection the server has accepted since it started (each probe opens one). */
async function connectionsAccepted(redis: OwnRedis): Promise<number> {
  return Number(/total_connections_received:(\d+)/.exec(String(await redis.command('INFO', 'stats')))?.[1]);
}

describe('Redis connections stay bounded under load (a private redis-server)', () => {
  let redis: OwnRedis;
  let cluster: Cluster;
  let api: ApiProcess;

  beforeAll(async () => {
    redis = await new OwnRedis().start();
    cluster = await new Cluster(redis.url).open();
    [api] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '4' })]);
  }, 120_000);
  afterAll(async () => {
    await cluster.close();
    await redis.close();
  });

  it('hundreds of submits, status checks and event streams open no new connections', async () => {
    // One job followed over its event stream first, so every lazily opened connection (the API's event
    // subscriber, BullMQ's blocking one) exists.
    const warm = await submit(api.base, { topics_list: 'warm up, connections', bypass_cache: true });
    await (await fetch(`${api.base}/api/jobs/${warm.body.job_id}/events`)).text();
    await cluster.waitTerminal([warm.body.job_id], 30_000);
    const settled = await clients(redis);
    expect(settled).toBeGreaterThan(0);
    const acceptedBefore = await connectionsAccepted(redis);

    const ids: string[] = [];
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, i) => submit(api.base, { topics_list: `load ${round} ${i}, vectors, matrices`, bypass_cache: true })),
      );
      expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
      ids.push(...answers.map((a) => a.body.job_id as string));
      await Promise.all(ids.slice(-25).map((id) => fetch(`${api.base}/api/status/${id}`).then((r) => r.arrayBuffer())));
      // Event streams, followed to their end.
      await Promise.all(ids.slice(-5).map((id) => fetch(`${api.base}/api/jobs/${id}/events`).then((r) => r.text())));
    }
    await cluster.waitTerminal(ids, 120_000);
    // Not even short-lived ones: the only connection Redis accepted meanwhile is this probe's own.
    expect((await connectionsAccepted(redis)) - acceptedBefore).toBe(1);
    expect(await until('connections to settle', async () => ((await clients(redis)) <= settled ? true : null), 5000, 200)).toBe(true);
    expect(await clients(redis)).toBe(settled);
  }, 180_000);
});
