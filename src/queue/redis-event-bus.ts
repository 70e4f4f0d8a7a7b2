import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger';
import type { EventBus, JobEventMessage } from './event-bus';

/**
 * Job events and cancel signals over Redis pub/sub, so an SSE client on any API instance sees every
 * worker's job and a cancel reaches whichever worker holds the job. Best effort, like the memory bus:
 * a message lost in an outage is recovered from the store (SSE replays by sequence number; workers
 * check the durable cancel flag).
 *
 * One subscriber connection per process: a job channel is subscribed while at least one local listener
 * wants it.
 */
export class RedisEventBus implements EventBus {
  private readonly jobListeners = new Map<string, Set<(msg: JobEventMessage) => void>>();
  private readonly cancelListeners = new Set<(jobId: string) => void>();
  private readonly cancelChannel: string;
  private readonly jobPrefix: string;
  private attached = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriberFactory: () => Redis,
    namespace: string,
    private readonly log: Logger,
  ) {
    this.cancelChannel = `ss:${namespace}:cancel`;
    this.jobPrefix = `ss:${namespace}:job:`;
  }

  async publishJobEvent(jobId: string, msg: JobEventMessage): Promise<void> {
    await this.publisher.publish(this.jobPrefix + jobId, JSON.stringify(msg));
  }

  subscribeJob(jobId: string, fn: (msg: JobEventMessage) => void): () => void {
    let set = this.jobListeners.get(jobId);
    if (!set) {
      set = new Set();
      this.jobListeners.set(jobId, set);
      this.subscribe(this.jobPrefix + jobId);
    }
    set.add(fn);
    return () => {
      const s = this.jobListeners.get(jobId);
      if (!s?.delete(fn) || s.size > 0) return;
      this.jobListeners.delete(jobId);
      this.unsubscribe(this.jobPrefix + jobId);
    };
  }

  async publishCancel(jobId: string): Promise<void> {
    await this.publisher.publish(this.cancelChannel, jobId);
  }

  onCancel(fn: (jobId: string) => void): () => void {
    if (this.cancelListeners.size === 0) this.subscribe(this.cancelChannel);
    this.cancelListeners.add(fn);
    return () => {
      if (this.cancelListeners.delete(fn) && this.cancelListeners.size === 0) this.unsubscribe(this.cancelChannel);
    };
  }

  close(): Promise<void> {
    this.jobListeners.clear();
    this.cancelListeners.clear();
    return Promise.resolve();
  }

  private get sub(): Redis {
    const s = this.subscriberFactory();
    if (!this.attached) {
      this.attached = true;
      s.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    }
    return s;
  }

  private subscribe(channel: string): void {
    this.sub.subscribe(channel).catch((err: unknown) => this.log.warn({ channel, err }, 'subscribe failed'));
  }

  private unsubscribe(channel: string): void {
    this.sub.unsubscribe(channel).catch(() => undefined);
  }

  private dispatch(channel: string, message: string): void {
    if (channel === this.cancelChannel) {
      for (const fn of this.cancelListeners) fn(message);
      return;
    }
    if (!channel.startsWith(this.jobPrefix)) return;
    const set = this.jobListeners.get(channel.slice(this.jobPrefix.length));
    if (!set) return;
    let msg: JobEventMessage;
    try {
      msg = JSON.parse(message) as JobEventMessage;
    } catch {
      return;
    }
    for (const fn of set) fn(msg);
  }
}
