import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How one attempt of a job ended, as a worker saw it. */
export type AttemptOutcome =
  | 'completed'
  /** Failed for good (bad input, unreachable course page, attempts used up). */
  | 'failed'
  | 'timed_out'
  /** A retryable failure; the job waits for its next attempt. */
  | 'retrying'
  | 'cancelled'
  /** Another worker took the job over (this one froze past its lock), or the result arrived after a cancel. */
  | 'superseded'
  /** Given back to the queue on shutdown. */
  | 'handed_back';

/** What the job runner reports; the metrics registry implements it. */
export interface AttemptObserver {
  attemptEnded(outcome: AttemptOutcome, seconds: number): void;
}

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The Prometheus metrics of one process, in a registry of its own (never prom-client's global one, so
 * several servers can live in one test process). Every series carries `role` (serve, api or worker).
 */
export class Metrics implements AttemptObserver {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route'>;
  private readonly attempts: Counter<'outcome'>;
  private readonly attemptSeconds: Histogram<'outcome'>;

  constructor(role: string) {
    this.registry.setDefaultLabels({ role });
    collectDefaultMetrics({ register: this.registry, prefix: 'scholarsource_' });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'scholarsource_http_requests_total',
      help: 'HTTP requests answered, by route template and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'scholarsource_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (event streams: how long they stayed open)',
      labelNames: ['method', 'route'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.attempts = new Counter({
      name: 'scholarsource_job_attempts_total',
      help: 'Job attempts this process ran, by how they ended',
      labelNames: ['outcome'],
      registers,
    });
    this.attemptSeconds = new Histogram({
      name: 'scholarsource_job_attempt_duration_seconds',
      help: 'Time from an attempt starting to its outcome being written',
      labelNames: ['outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  attemptEnded(outcome: AttemptOutcome, seconds: number): void {
    this.attempts.inc({ outcome });
    this.attemptSeconds.observe({ outcome }, seconds);
  }

  /**
   * A gauge read when Prometheus scrapes. `read` sets its values; when it throws (a dependency is down)
   * the gauge is left empty for that scrape instead of failing the whole answer.
   */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: (g: Gauge<L>) => void | Promise<void>): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          await read(this);
        } catch {
          this.reset();
        }
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
