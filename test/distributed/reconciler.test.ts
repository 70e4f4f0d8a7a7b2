import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RedisLease } from '../../src/queue/redis-lock';
import { Cluster, CourseSite, OwnRedis, SHARED_REDIS_URL, courseJob, sleep, submit, until } from './harness';

describe('the reconciler lease', () => {
  const redis = new Redis(SHARED_REDIS_URL);
  const key = `ss:test-lease-${randomUUID().slice(0, 8)}:reconciler`;
  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('is held by exactly one of many contenders, renewed only by its holder, and passes on when it expires or is released', async () => {
    const leases = Array.from({ length: 12 }, (_, i) => new RedisLease(redis, key, `p${i}`, 600));
    const won = await Promise.all(leases.map((l) => l.acquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = leases[won.indexOf(true)]!;
    const others = leases.filter((l) => l !== holder);

    // The holder renews it; nobody else gets it meanwhile, and another's release does not free it.
    for (let i = 0; i < 3; i++) {
      await sleep(300);
      expect(await holder.acquire()).toBe(true);
      for (const o of others) await o.release();
      expect((await Promise.all(others.map((o) => o.acquire()))).some(Boolean)).toBe(false);
    }
    // A holder that stops renewing (it died) loses it after the lease time, to exactly one other.
    await sleep(800);
    const next = await Promise.all(others.map((o) => o.acquire()));
    expect(next.filter(Boolean)).toHaveLength(1);
    expect(await holder.acquire()).toBe(false);
    // A release hands it on at once.
    await others[next.indexOf(true)]!.release();
    expect(await holder.acquire()).toBe(true);
  });
});

describe('reconciling with real processes (a private redis-server)', () => {
  const site = new CourseSite();
  let redis: OwnRedis;
  let cluster: Cluster;

  afterEach(async () => {
    site.release();
    await cluster.close();
    await redis.close();
    await site.close();
  });

  const holderPid = async (queue: string): Promise<number | null> => {
    const v = await redis.command('GET', `ss:${queue}:reconciler`);
    return typeof v === 'string' ? Number(v.split(':')[1]) : null;
  };

  it('one of three API processes reconciles at a time; when it is killed another takes over and still re-enqueues lost jobs', async () => {
    await site.start();
    redis = await new OwnRedis().start();
    cluster = await new Cluster(redis.url).open();
    const apis = await Promise.all([cluster.api(), cluster.api(), cluster.api()]);
    const pids = apis.map((a) => a.child.pid);
    const first = await until('a reconciler to be elected', () => holderPid(cluster.queue));
    expect(pids).toContain(first);
    // It stays with that process while it lives.
    await sleep(3000);
    expect(await holderPid(cluster.queue)).toBe(first);

    const victim = apis.find((a) => a.child.pid === first)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const survivors = apis.filter((a) => a !== victim);
    // The lease lasts max(3 × RECONCILE_INTERVAL_SECONDS, 15 s); then one survivor holds it.
    const second = await until('another process to take the lease', async () => {
      const p = await holderPid(cluster.queue);
      return p !== null && p !== first ? p : null;
    }, 25_000, 200);
    expect(survivors.map((a) => a.child.pid)).toContain(second);

    // The new holder does the work: jobs whose queue entries were flushed run once a worker comes.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(survivors[i % 2]!.base, courseJob(site, `after-election-${i}`))).body.job_id);
    await redis.command('FLUSHALL');
    await cluster.worker({ WORKER_CONCURRENCY: '2' });
    const rows = await cluster.waitTerminal(ids, 60_000);
    expect(rows.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
  }, 120_000);

  it('a running job whose worker died while Redis lost its queue entry is started again by another worker', async () => {
    await site.start();
    redis = await new OwnRedis().start();
    cluster = await new Cluster(redis.url).open();
    const [api, victim] = await Promise.all([cluster.api(), cluster.worker({ WORKER_CONCURRENCY: '1' })]);
    site.holding = true;
    const { body } = await submit(api.base, courseJob(site, 'orphan'));
    await until('the worker to fetch the course page', () => site.heldCount === 1);
    // No lock left for BullMQ to notice, and no heartbeat: only the store knows the job is running.
    await redis.command('FLUSHALL');
    victim.child.kill('SIGKILL');
    await victim.exited;
    site.release();
    expect((await cluster.job(body.job_id)).status).toBe('running');

    await cluster.worker({ WORKER_CONCURRENCY: '1' });
    const [row] = await cluster.waitTerminal([body.job_id], 60_000);
    expect(row.status).toBe('completed');
    expect(row.attempt).toBe(2);
    expect(row.result_writes).toBe(1);
  }, 120_000);
});
