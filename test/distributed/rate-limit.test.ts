import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger';
import { randomUUID } from 'node:crypto';
import { RedisRateLimiter } from '../../src/api/rate-limit/redis-limiter';
import { RedisStreamSlots } from '../../src/api/rate-limit/redis-stream-slots';
import { Redis } from 'ioredis';
import { Cluster, SHARED_REDIS_URL, sleep, submit, until, type ApiProcess } from './harness';

/** Opens an event stream and leaves it open; abort() closes it. */
async function openStream(base: string, jobId: string): Promise<{ status: number; abort: () => void }> {
  const ctl = new AbortController();
  const res = await fetch(`${base}/api/jobs/${jobId}/events`, { signal: ctl.signal });
  if (res.status !== 200) await res.body?.cancel();
  return { status: res.status, abort: () => ctl.abort() };
}

describe('rate limits shared by every API instance', () => {
  const cluster = new Cluster();
  let apis: ApiProcess[];

  beforeAll(async () => {
    await cluster.open();
    const env = { RATE_LIMIT_SUBMIT_PER_HOUR: '7', RATE_LIMIT_SUBMIT_PER_MINUTE: '0', MAX_EVENT_STREAMS_PER_CLIENT: '3' };
    apis = await Promise.all([cluster.api(env), cluster.api(env), cluster.api(env)]);
  }, 120_000);
  afterAll(async () => {
    await cluster.close();
  });

  it('three API instances under one client IP accept exactly the limit together', async () => {
    const answers = await Promise.all(
      Array.from({ length: 21 }, (_, i) => submit(apis[i % 3]!.base, { topics_list: `topic number ${i}`, bypass_cache: true })),
    );
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    expect(ok.length).toBe(7);
    expect(limited.length).toBe(14);
    const first = limited[0]!;
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(first.body.detail.error).toBe('rate_limited');
    expect(first.body.limit).toBe('7 per hour');
    // Every instance refuses now, whichever took the hits.
    for (const api of apis) expect((await submit(api.base, { topics_list: 'one more' })).status).toBe(429);
  });

  it('the limit of open event streams per client holds across instances, and a closed stream frees its slot', async () => {
    const id = randomUUID();
    // No worker runs here, so the job stays queued and its streams stay open.
    await cluster.store.jobs.create({ id, inputs: { topics_list: 'streams' }, priority: 'normal', maxAttempts: 3, clientKey: null, searchTitle: 'streams' });
    const open = [await openStream(apis[0]!.base, id), await openStream(apis[1]!.base, id), await openStream(apis[2]!.base, id)];
    expect(open.map((o) => o.status)).toEqual([200, 200, 200]);
    for (const api of apis) {
      const res = await fetch(`${api.base}/api/jobs/${id}/events`);
      expect(res.status).toBe(429);
      expect(((await res.json()) as any).detail.error).toBe('too_many_streams');
    }
    open[1]!.abort();
    const next = await until('the closed stream to free its slot', async () => {
      const o = await openStream(apis[0]!.base, id);
      return o.status === 200 ? o : null;
    }, 10_000, 100);
    open.push(next);
    expect((await openStream(apis[2]!.base, id)).status).toBe(429);
    for (const o of open) o.abort();
  });
});

describe('the Redis rate limiter', () => {
  const redis = new Redis(SHARED_REDIS_URL);
  const ns = `test-rl-${process.pid}-${Date.now()}`;
  const limiter = new RedisRateLimiter(redis, { namespace: ns, failOpen: ['status'], timeoutMs: 1000, log: createLogger('silent') });
  afterAll(async () => {
    const keys = await redis.keys(`ss:${ns}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('is a sliding window: a slot frees when the oldest hit leaves the window, and refused hits do not count', async () => {
    const rules = [{ limit: 2, windowSeconds: 1 }];
    expect((await limiter.hit('submit', 'a', rules)).allowed).toBe(true);
    await sleep(400);
    expect((await limiter.hit('submit', 'a', rules)).allowed).toBe(true);
    const refused = await limiter.hit('submit', 'a', rules);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1, rule: '2 per 1 seconds' });
    expect((await limiter.hit('submit', 'b', rules)).allowed).toBe(true); // another client has its own window
    await sleep(700); // the first hit has left the window, the second has not
    expect((await limiter.hit('submit', 'a', rules)).allowed).toBe(true);
    expect((await limiter.hit('submit', 'a', rules)).allowed).toBe(false);
  });

  it('stream slots of an instance that stops renewing them (it died) free themselves after one lease', async () => {
    const log = createLogger('silent');
    const dying = new RedisStreamSlots(redis, { namespace: ns, timeoutMs: 1000, log, leaseMs: 600 });
    const alive = new RedisStreamSlots(redis, { namespace: ns, timeoutMs: 1000, log, leaseMs: 600 });
    try {
      expect(await dying.acquire('d', 2)).not.toBeNull();
      const kept = await alive.acquire('d', 2);
      expect(kept).not.toBeNull();
      expect(await alive.acquire('d', 2)).toBeNull();
      dying.close(); // stops renewing without releasing, as a killed process would
      await sleep(1000);
      // The dead instance's slot has expired; the live one's was renewed and still counts.
      expect(await alive.acquire('d', 2)).not.toBeNull();
      expect(await alive.acquire('d', 2)).toBeNull();
      kept?.release();
      expect(await alive.acquire('d', 2)).not.toBeNull();
    } finally {
      alive.close();
    }
  });

  it('open streams are counted again after their keys are lost (a flushed or restarted Redis)', async () => {
    const slots = new RedisStreamSlots(redis, { namespace: ns, timeoutMs: 1000, log: createLogger('silent'), leaseMs: 600 });
    try {
      expect(await slots.acquire('f', 2)).not.toBeNull();
      expect(await slots.acquire('f', 2)).not.toBeNull();
      await redis.del(`ss:${ns}:streams:f`);
      await sleep(400); // one renewal (every 200 ms) puts both back
      expect(await slots.acquire('f', 2)).toBeNull();
    } finally {
      slots.close();
    }
  });

  it('fails open for status checks and closed (503) for submits when Redis is unreachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    const l = new RedisRateLimiter(dead, { namespace: ns, failOpen: ['status'], timeoutMs: 500, log: createLogger('silent') });
    const rules = [{ limit: 1, windowSeconds: 60 }];
    expect((await l.hit('status', 'c', rules)).allowed).toBe(true);
    await expect(l.hit('submit', 'c', rules)).rejects.toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    dead.disconnect();
  });
});
