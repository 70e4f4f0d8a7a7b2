import type { Config } from '../config/config';
import type { Logger } from '../log/logger';
import type { Metrics } from '../metrics/metrics';
import type { DiscoveryPipeline } from '../pipeline/pipeline';
import type { EventBus } from '../queue/event-bus';
import type { JobQueue } from '../queue/queue';
import type { Store } from '../store/open';
import type { RateLimiter } from './rate-limit/limiter';
import type { StreamSlots } from './rate-limit/stream-slots';

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  active_jobs: number;
  last_heartbeat: string;
  started_at: string;
}

/** Everything the HTTP side needs. It never learns which driver stands behind each. */
export interface ApiDeps {
  config: Config;
  store: Store;
  queue: JobQueue;
  bus: EventBus;
  limiter: RateLimiter;
  /** Open event streams per client, counted across instances in distributed mode. */
  streams: StreamSlots;
  pipeline: DiscoveryPipeline;
  log: Logger;
  /** This process's Prometheus registry (GET /metrics). */
  metrics: Metrics;
  workers: () => Promise<WorkerInfo[]>;
  version: string;
}
