import type { Config } from '../config/config';
import { createLogger } from '../log/logger';
import { BullMqQueue } from '../queue/bullmq-queue';
import { RedisConnections } from '../queue/redis-connections';
import { DeadLettersRepo } from '../store/dead-letters-repo';
import { openStore } from '../store/open';
import { redriveDeadLetter } from '../worker/dead-letters';
import { parse, UsageError } from './args';
import { busyMessage, claimDataDir } from './embedded';

/** `scholarsource jobs dead-letter list [--all] [--json]` and `... redrive JOB_ID`. */
export async function deadLetterCommand(config: Config, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { all: { type: 'boolean' }, json: { type: 'boolean' } });
  const [action, jobId] = positionals;
  if (action !== 'list' && action !== 'redrive') throw new UsageError('Use: scholarsource jobs dead-letter list [--all] [--json] | redrive JOB_ID');
  if (action === 'redrive' && !jobId) throw new UsageError('Name the job to redrive: scholarsource jobs dead-letter redrive JOB_ID');
  if (action === 'redrive' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(jobId ?? '')) {
    throw new UsageError(`"${jobId}" is not a job id (a UUID such as 3f2b8c1e-…). List the dead-lettered jobs with: scholarsource jobs dead-letter list`);
  }

  const own = claimDataDir(config, null);
  if (own.kind === 'server') {
    console.error(`${busyMessage(config, own.holder)}\nWhile it runs, use its admin routes: GET /api/admin/dead-letters and POST /api/admin/dead-letters/JOB_ID/redrive.`);
    return 1;
  }
  const store = await openStore(config);
  let redis: RedisConnections | null = null;
  let queue: BullMqQueue | null = null;
  try {
    if (action === 'list') {
      const rows = await new DeadLettersRepo(store.db).list({ includeRedriven: values.all === true, limit: 1000 });
      if (values.json) {
        console.log(JSON.stringify(rows, null, 2));
      } else if (rows.length === 0) {
        console.log('The dead-letter record is empty.');
      } else {
        for (const d of rows) {
          const redriven = d.redriven_to ? `  redriven as ${d.redriven_to}` : '';
          console.log(`${d.job_id}  ${new Date(d.dead_at).toISOString()}  ${d.reason}  attempts ${d.attempts}  ${d.search_title ?? ''}${redriven}\n    ${d.error ?? ''}`);
        }
      }
      return 0;
    }
    if (config.mode === 'distributed' && config.REDIS_URL) {
      redis = new RedisConnections({ url: config.REDIS_URL, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS }, createLogger('silent'));
      await redis.ready(5000).catch(() => undefined);
      queue = new BullMqQueue({
        name: config.QUEUE_NAME,
        connections: redis,
        log: createLogger('silent'),
        commandTimeoutMs: 2000,
        lockDurationMs: config.WORKER_LOCK_DURATION_MS,
        stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
        maxStalledCount: config.JOB_MAX_ATTEMPTS + 1,
      });
    }
    const out = await redriveDeadLetter(store, queue, null, (jobId as string).toLowerCase(), config.JOB_MAX_ATTEMPTS);
    if (out.kind === 'not_found') {
      console.error(`No dead-lettered job has the id ${jobId}. List them with: scholarsource jobs dead-letter list`);
      return 1;
    }
    if (out.kind === 'already_redriven') {
      console.error(`Job ${jobId} was already redriven${out.to ? ` as ${out.to}` : ''}.`);
      return 1;
    }
    console.log(
      out.enqueued
        ? `Redriven as job ${out.job.id}; it is queued.`
        : `Redriven as job ${out.job.id}; it waits as queued and starts when a server's reconciler picks it up.`,
    );
    return 0;
  } finally {
    await queue?.closed(0);
    await redis?.close();
    await store.close();
    if (own.kind === 'owned') own.release();
  }
}
