import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeadLettersRepo } from '../../store/dead-letters-repo';
import { redriveDeadLetter } from '../../worker/dead-letters';
import type { ApiDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { isAdmin, parseJobId } from '../guards';

const requireAdmin = (deps: ApiDeps, req: FastifyRequest): void => {
  if (!isAdmin(deps, req)) throw new ApiError(401, 'unauthorized', 'This is an operator route: send Authorization: Bearer <ADMIN_TOKEN>.');
};

/** Operator routes for the dead-letter record: list failed jobs that used up their attempts, and redrive one. */
export function deadLetterRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const letters = new DeadLettersRepo(deps.store.db);

  app.get('/api/admin/dead-letters', { schema: { tags: ['admin'], summary: 'Dead-lettered jobs (needs the admin token)' } }, async (req) => {
    requireAdmin(deps, req);
    const all = (req.query as Record<string, string | undefined>).all === 'true';
    const rows = await letters.list({ includeRedriven: all, limit: 500 });
    return { dead_letters: rows.map((d) => ({ ...d, dead_at: new Date(d.dead_at).toISOString(), redriven_at: d.redriven_at ? new Date(d.redriven_at).toISOString() : null })) };
  });

  app.post(
    '/api/admin/dead-letters/:job_id/redrive',
    { schema: { tags: ['admin'], summary: 'Run a dead-lettered job again as a new job (needs the admin token)' } },
    async (req) => {
      requireAdmin(deps, req);
      const id = parseJobId((req.params as { job_id: unknown }).job_id);
      const out = await redriveDeadLetter(deps.store, deps.queue, deps.bus, id, deps.config.JOB_MAX_ATTEMPTS);
      if (out.kind === 'not_found') throw notFound('dead-lettered job');
      if (out.kind === 'already_redriven') {
        throw new ApiError(409, 'already_redriven', `This job was already redriven as ${out.to ?? 'another job'}.`);
      }
      req.log.info({ jobId: out.job.id, redrivenFrom: id }, 'dead letter redriven');
      return { job_id: out.job.id, status: out.job.status, redriven_from: id, enqueued: out.enqueued };
    },
  );
}
