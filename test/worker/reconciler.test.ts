import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger';
import { MemoryEventBus } from '../../src/queue/event-bus';
import { InProcessQueue } from '../../src/queue/in-process-queue';
import { DeadLettersRepo } from '../../src/store/dead-letters-repo';
import type { NewJob } from '../../src/store/jobs-repo';
import { reconcile } from '../../src/worker/reconciler';
import { DRIVERS, type TestStore } from '../support/stores';

const newJob = (maxAttempts: number): NewJob => ({
  id: randomUUID(),
  inputs: { topics_list: 'eigenvalues' },
  priority: 'normal',
  maxAttempts,
  clientKey: '127.0.0.1',
  searchTitle: 'eigenvalues',
});

describe.each(DRIVERS)('the reconciler on %s', (_name, open) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => t.cleanup());

  it('re-enqueues lost jobs, and fails a running job with no attempt left into the dead-letter record', async () => {
    const queued = (await t.store.jobs.create(newJob(3))).job;
    await t.store.jobs.markQueued(queued.id);
    const interrupted = (await t.store.jobs.create(newJob(3))).job;
    await t.store.jobs.claim(interrupted.id); // attempt 1 of 3; its process died
    const spent = (await t.store.jobs.create(newJob(2))).job;
    await t.store.jobs.claim(spent.id);
    await t.store.jobs.claim(spent.id); // attempt 2 of 2; its process died too

    const queue = new InProcessQueue();
    const bus = new MemoryEventBus();
    const seen: string[] = [];
    bus.subscribeJob(spent.id, (m) => seen.push(m.data.status));
    try {
      const out = await reconcile(t.store, queue, bus, createLogger('silent'));
      expect(out).toEqual({ requeued: 2, failed: 1 });
      expect(await queue.contains(queued.id)).toBe(true);
      expect(await queue.contains(interrupted.id)).toBe(true);
      expect(await queue.contains(spent.id)).toBe(false);
      const failed = await t.store.jobs.get(spent.id);
      expect(failed?.status).toBe('failed');
      expect(failed?.error).toMatch(/stopped too many times/);
      expect(await new DeadLettersRepo(t.store.db).get(spent.id)).toMatchObject({ reason: 'worker_lost', attempts: 2 });
      expect(seen).toContain('failed');
      // A second pass finds nothing more to do.
      expect(await reconcile(t.store, queue, bus, createLogger('silent'))).toEqual({ requeued: 0, failed: 0 });
    } finally {
      await queue.close();
    }
  });
});
