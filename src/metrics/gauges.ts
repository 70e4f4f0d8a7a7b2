import type { WorkerInfo } from '../api/deps';
import type { JobQueue } from '../queue/queue';
import { DeadLettersRepo } from '../store/dead-letters-repo';
import type { Store } from '../store/open';
import type { Metrics } from './metrics';

/** The worker side of one process: how many jobs it runs now, and how many it may run. */
export function workerGauges(metrics: Metrics, active: () => number, concurrency: number): void {
  metrics.gauge('scholarsource_worker_jobs_running', 'Jobs this worker process is running now', [], (g) => g.set(active()));
  metrics.gauge('scholarsource_worker_concurrency', 'Jobs this worker process may run at once', [], (g) => g.set(concurrency));
}

export interface ClusterSources {
  store: Store;
  queue: JobQueue;
  workers: () => Promise<WorkerInfo[]>;
}

/**
 * What the whole deployment looks like, read from PostgreSQL and the queue at scrape time by the API
 * role: every API instance reports the same values, so aggregate them with max(), not sum().
 */
export function clusterGauges(metrics: Metrics, src: ClusterSources): void {
  const deadLetters = new DeadLettersRepo(src.store.db);
  metrics.gauge('scholarsource_up', 'Whether this process reaches each dependency (1) or not (0)', ['dependency'], async (g) => {
    const ok = (p: Promise<unknown>): Promise<number> => p.then(() => 1, () => 0);
    const [database, queue] = await Promise.all([ok(src.store.db.query('SELECT 1')), ok(src.queue.counts())]);
    g.set({ dependency: 'database' }, database);
    g.set({ dependency: 'queue' }, queue);
  });
  metrics.gauge('scholarsource_jobs_unfinished', 'Jobs pending, queued or running, from PostgreSQL', ['status'], async (g) => {
    const n = await src.store.jobs.countUnfinished();
    for (const [status, v] of Object.entries(n)) g.set({ status }, v);
  });
  metrics.gauge('scholarsource_queue_jobs', 'Jobs in the queue, by queue state (waiting, active, delayed for a retry)', ['state'], async (g) => {
    const c = await src.queue.counts();
    g.set({ state: 'waiting' }, c.waiting);
    g.set({ state: 'active' }, c.active);
    g.set({ state: 'delayed' }, c.delayed);
  });
  metrics.gauge('scholarsource_queue_memory_full', 'Whether the queue Redis is at maxmemory and refuses writes (1) or not (0)', [], async (g) => {
    g.set((await src.queue.memoryFull()) ? 1 : 0);
  });
  metrics.gauge('scholarsource_workers_live', 'Worker processes with a recent heartbeat', [], async (g) => {
    g.set((await src.workers()).length);
  });
  metrics.gauge('scholarsource_dead_letters_waiting', 'Jobs in the dead-letter record not redriven yet', [], async (g) => {
    g.set(await deadLetters.countWaiting());
  });
}
