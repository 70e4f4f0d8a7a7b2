import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log/logger';
import { QueueUnavailableError } from './queue';

/** Reconnect quickly (at most 1 s apart), so workers and the API resume within about 2 s of Redis coming back. */
const reconnectDelay = (times: number): number => Math.min(100 * times, 1000);

export interface RedisSettings {
  url: string;
  commandTimeoutMs: number;
}

/**
 * The shared connections of one process. Their number is fixed whatever the load: a producer for commands
 * (enqueue, rate limits, publish, heartbeats) and a subscriber for pub/sub; a worker adds BullMQ's two.
 */
export class RedisConnections {
  /** Fails fast when Redis is down (no offline queue) or slow (command timeout): the API answers 503. */
  readonly producer: Redis;
  private subscriberConn: Redis | null = null;
  private readonly extra: Redis[] = [];

  constructor(
    private readonly settings: RedisSettings,
    private readonly log: Logger,
  ) {
    this.producer = this.open('producer', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: settings.commandTimeoutMs,
    });
  }

  /** The pub/sub connection, opened on first use. It queues SUBSCRIBEs while down and resubscribes after. */
  get subscriber(): Redis {
    this.subscriberConn ??= this.open('subscriber', { enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true });
    return this.subscriberConn;
  }

  /** A connection for a BullMQ worker: it must wait out outages (maxRetriesPerRequest null), never fail fast. */
  forWorker(): Redis {
    const c = this.open('worker', { maxRetriesPerRequest: null, enableOfflineQueue: true });
    this.extra.push(c);
    return c;
  }

  /** Resolves once the producer is connected, or throws QueueUnavailableError after timeoutMs. */
  async ready(timeoutMs: number): Promise<void> {
    if (this.producer.status === 'ready') return;
    await withTimeout(
      new Promise<void>((resolve) => this.producer.once('ready', () => resolve())),
      timeoutMs,
      'Redis is not reachable',
    );
  }

  async close(): Promise<void> {
    const all = [this.producer, ...(this.subscriberConn ? [this.subscriberConn] : []), ...this.extra];
    // QUIT waits for an answer; a connection that is not up (Redis unreachable) would wait for ever.
    await Promise.all(
      all.map(async (c) => {
        if (c.status !== 'ready') return c.disconnect();
        let timer: NodeJS.Timeout | undefined;
        const quit = c.quit().then(() => undefined, () => c.disconnect());
        await Promise.race([quit, new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
        clearTimeout(timer);
        c.disconnect();
      }),
    );
  }

  private open(role: string, opts: RedisOptions): Redis {
    const c = new Redis(this.settings.url, { retryStrategy: reconnectDelay, connectionName: `scholarsource:${role}:${process.pid}`, ...opts });
    let down = false;
    c.on('error', (err: Error) => {
      if (!down) this.log.warn({ role, err: err.message }, 'Redis connection error');
      down = true;
    });
    c.on('ready', () => {
      if (down) this.log.info({ role }, 'Redis connection restored');
      down = false;
    });
    return c;
  }
}

/**
 * Rejects with QueueUnavailableError when `p` takes longer than `ms`. When the timer fires, pending socket
 * reads get one turn first (setImmediate runs after the poll phase), so an event loop that was merely busy
 * does not turn an answer that already arrived into a timeout.
 */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => setImmediate(() => reject(new QueueUnavailableError(`${what} (no answer in ${ms} ms)`))), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The queue's Redis must never evict keys: an evicted job or lock silently loses work. Returns the policy,
 * or null when the server does not let us read it (some managed services disable CONFIG).
 */
export async function evictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown;
    const arr = Array.isArray(reply) ? (reply as unknown[]) : [];
    return typeof arr[1] === 'string' ? arr[1] : null;
  } catch {
    return null;
  }
}
