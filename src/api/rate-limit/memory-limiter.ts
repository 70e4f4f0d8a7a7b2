import { describeRule, type RateDecision, type RateLimiter, type RateRule } from './limiter';

/**
 * Exact sliding-window limits: a hit is allowed when every rule has room, and only allowed hits count.
 * Windows are kept as sorted timestamp logs per bucket, key and rule.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  hit(bucket: string, key: string, rules: readonly RateRule[]): Promise<RateDecision> {
    const t = this.now();
    const active = rules.filter((r) => r.limit > 0);
    let blocked: { rule: RateRule; retry: number } | null = null;
    for (const r of active) {
      const log = this.window(`${bucket}|${key}|${r.windowSeconds}`, t, r.windowSeconds);
      if (log.length >= r.limit) {
        const oldest = log[log.length - r.limit] ?? t;
        const retry = Math.max(1, Math.ceil((oldest + r.windowSeconds * 1000 - t) / 1000));
        if (!blocked || retry > blocked.retry) blocked = { rule: r, retry };
      }
    }
    if (blocked) return Promise.resolve({ allowed: false, retryAfterSeconds: blocked.retry, rule: describeRule(blocked.rule) });
    for (const r of active) this.window(`${bucket}|${key}|${r.windowSeconds}`, t, r.windowSeconds).push(t);
    return Promise.resolve({ allowed: true, retryAfterSeconds: 0, rule: null });
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    this.logs.clear();
    return Promise.resolve();
  }

  private window(id: string, t: number, windowSeconds: number): number[] {
    let log = this.logs.get(id);
    if (!log) {
      log = [];
      this.logs.set(id, log);
    }
    const cutoff = t - windowSeconds * 1000;
    let drop = 0;
    while (drop < log.length && (log[drop] as number) <= cutoff) drop++;
    if (drop) log.splice(0, drop);
    return log;
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, log] of this.logs) {
      const windowSeconds = Number(id.slice(id.lastIndexOf('|') + 1));
      if (log.length === 0 || (log[log.length - 1] as number) <= t - windowSeconds * 1000) this.logs.delete(id);
    }
  }
}
