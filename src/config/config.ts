import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  );

/** Every environment variable the product reads. Documented in .env.example. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(8000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('public'),
  DATABASE_POOL_SIZE: int(10, 1),
  REDIS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; otherwise it is open. */
  METRICS_TOKEN: z.string().min(16).optional(),
  ALLOWED_ORIGINS: list,
  TRUSTED_PROXIES: list,

  WORKER_CONCURRENCY: int(4, 1),
  JOB_TIMEOUT_SECONDS: int(300, 1),
  JOB_MAX_ATTEMPTS: int(3, 1),
  /** On SIGTERM a worker finishes running jobs for this long, then hands the rest back to the queue. */
  WORKER_SHUTDOWN_GRACE_SECONDS: int(30, 0),

  // Distributed mode (DATABASE_URL and REDIS_URL): BullMQ queue, Redis events, shared rate limits.
  /** The BullMQ queue name; Redis keys of events, heartbeats and rate limits are namespaced by it too. */
  QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/).default('discovery-jobs'),
  /** How long a worker's lock on a job lasts without renewal; a killed worker's jobs move on after this. */
  WORKER_LOCK_DURATION_MS: int(10_000, 1000),
  /** How often workers look for jobs whose lock expired (killed or frozen workers). */
  WORKER_STALLED_INTERVAL_MS: int(3000, 500),
  WORKER_HEARTBEAT_SECONDS: int(5, 1),
  /** `scholarsource worker` serves /health and /metrics on this port (on HOST); 0 serves nothing. */
  WORKER_HTTP_PORT: int(0),
  /** How often one elected process re-enqueues jobs the store holds but Redis lost. */
  RECONCILE_INTERVAL_SECONDS: int(10, 1),
  /** A Redis command that takes longer fails, so a hung Redis gives a 503 rather than a hang. */
  REDIS_COMMAND_TIMEOUT_MS: int(800, 50),
  /** The queue's Redis must use maxmemory-policy noeviction; workers refuse to start otherwise unless this is true. */
  REDIS_ALLOW_EVICTION: bool.default(false),

  RATE_LIMIT_SUBMIT_PER_HOUR: int(10),
  RATE_LIMIT_SUBMIT_PER_MINUTE: int(2),
  RATE_LIMIT_STATUS_PER_MINUTE: int(100),
  RATE_LIMIT_CANCEL_PER_HOUR: int(20),
  RATE_LIMIT_UPLOADS_PER_HOUR: int(5),
  MAX_EVENT_STREAMS_PER_CLIENT: int(20, 1),

  COURSE_ANALYSIS_TTL_DAYS: z.coerce.number().positive().default(30),
  RESOURCE_RESULTS_TTL_DAYS: z.coerce.number().positive().default(7),
  UPLOAD_TTL_HOURS: z.coerce.number().positive().default(24),
  CACHE_SWEEP_INTERVAL_SECONDS: int(3600, 1),

  MAX_RESULTS_DEFAULT: int(6, 5),
  DISCOVERY_CONCURRENCY: int(8, 1),
  /** Test-only: lets the guarded fetcher reach 127.0.0.1. Refused when NODE_ENV=production. */
  FETCH_ALLOW_LOOPBACK: bool.default(false),
  FETCH_TIMEOUT_MS: int(15_000, 100),
  FETCH_MAX_BYTES: int(5 * 1024 * 1024, 1024),

  // Names kept from the original ScholarSource; online providers read them when they land.
  OPENAI_API_KEY: z.string().optional(),
  SERPER_API_KEY: z.string().optional(),
  COURSE_INTELLIGENCE_AGENT_MODEL: z.string().optional(),
  RESOURCE_DISCOVERY_AGENT_MODEL: z.string().optional(),
  RESOURCE_VALIDATOR_AGENT_MODEL: z.string().optional(),
  OUTPUT_FORMATTER_AGENT_MODEL: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/** Every variable name the schema knows, for the test that keeps .env.example in step. */
export const ENV_KEYS: readonly string[] = Object.keys(EnvSchema.shape);

export interface Config extends Env {
  mode: 'embedded' | 'postgres' | 'distributed';
  dataDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once. Every other module receives the result; none reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.FETCH_ALLOW_LOOPBACK && e.NODE_ENV === 'production') {
    throw new ConfigError('FETCH_ALLOW_LOOPBACK is a test-only setting and cannot be used with NODE_ENV=production.');
  }
  const mode = e.DATABASE_URL ? (e.REDIS_URL ? 'distributed' : 'postgres') : 'embedded';
  return { ...e, mode, dataDir: path.resolve(e.DATA_DIR) };
}
