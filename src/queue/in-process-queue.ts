import type { Priority } from '../contracts/vocabulary';
import { RetryLater, type EnqueueOptions, type JobHandler, type JobQueue, type QueueCounts } from './queue';

const ORDER: readonly Priority[] = ['high', 'normal', 'low'];

/**
 * The embedded queue: three FIFO lanes by priority, bounded concurrency, delayed retries.
 * It holds ids only; after a restart the reconciler refills it from the store.
 */
export class InProcessQueue implements JobQueue {
  readonly driver = 'in-process' as const;
  private readonly lanes = new Map<Priority, string[]>(ORDER.map((p) => [p, []]));
  private readonly known = new Map<string, Priority>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly active = new Map<string, Promise<void>>();
  private handler: JobHandler | null = null;
  private concurrency = 1;
  private closed = false;

  memoryFull(): Promise<boolean> {
    return Promise.resolve(false);
  }

  enqueue(jobId: string, opts: EnqueueOptions): Promise<void> {
    if (this.closed || this.known.has(jobId)) return Promise.resolve();
    this.known.set(jobId, opts.priority);
    if (opts.delayMs && opts.delayMs > 0) {
      const t = setTimeout(() => {
        this.delayed.delete(jobId);
        this.lanes.get(opts.priority)?.push(jobId);
        this.pump();
      }, opts.delayMs);
      t.unref();
      this.delayed.set(jobId, t);
    } else {
      this.lanes.get(opts.priority)?.push(jobId);
      this.pump();
    }
    return Promise.resolve();
  }

  remove(jobId: string): Promise<void> {
    if (this.active.has(jobId)) return Promise.resolve();
    const t = this.delayed.get(jobId);
    if (t) clearTimeout(t);
    this.delayed.delete(jobId);
    for (const lane of this.lanes.values()) {
      const i = lane.indexOf(jobId);
      if (i >= 0) lane.splice(i, 1);
    }
    this.known.delete(jobId);
    return Promise.resolve();
  }

  contains(jobId: string): Promise<boolean> {
    return Promise.resolve(this.known.has(jobId));
  }

  process(handler: JobHandler, concurrency: number): void {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  counts(): Promise<QueueCounts> {
    let waiting = 0;
    for (const lane of this.lanes.values()) waiting += lane.length;
    return Promise.resolve({ waiting, active: this.active.size, delayed: this.delayed.size });
  }

  async close(graceMs = 30_000): Promise<void> {
    this.closed = true;
    for (const t of this.delayed.values()) clearTimeout(t);
    this.delayed.clear();
    const running = Promise.allSettled([...this.active.values()]);
    await Promise.race([running, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private next(): string | undefined {
    for (const p of ORDER) {
      const id = this.lanes.get(p)?.shift();
      if (id !== undefined) return id;
    }
    return undefined;
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler || this.closed) return;
    while (this.active.size < this.concurrency) {
      const id = this.next();
      if (id === undefined) return;
      const run = this.runOne(handler, id);
      this.active.set(id, run);
    }
  }

  private async runOne(handler: JobHandler, id: string): Promise<void> {
    const priority = this.known.get(id) ?? 'normal';
    let retryIn: number | null = null;
    try {
      await handler(id);
    } catch (e) {
      // The handler records failures in the store itself; only RetryLater concerns the queue.
      if (e instanceof RetryLater) retryIn = e.delayMs;
    } finally {
      this.active.delete(id);
      this.known.delete(id);
    }
    if (retryIn !== null) await this.enqueue(id, { priority, delayMs: retryIn });
    this.pump();
  }
}
