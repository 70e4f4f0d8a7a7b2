import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorBody } from '../../contracts/status';
import { toStatusView } from '../../store/job-view';
import type { ApiDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { EXPORT_FORMATS, EXPORT_MEDIA, exportFileName, renderExport } from '../export-formats';
import { enforceRateLimit, parseJobId } from '../guards';
import { openApiSchema } from '../openapi';

const Query = z.object({
  format: z.enum(EXPORT_FORMATS),
  items: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3}){0,99}$/)
    .optional(),
});

const err = openApiSchema(ErrorBody, 'output');
const text = { type: 'string' };

/** GET /api/jobs/:job_id/export: a finished job's results (or some of them) as a file. */
export function exportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/jobs/:job_id/export',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Download the results as CSV, Markdown, JSON, RIS or BibTeX',
        description:
          'Answers 409 while the job has no results. `items` picks results by their 0-based positions in `results` (e.g. `0,2,3`); without it every result is exported.',
        params: { type: 'object', properties: { job_id: { type: 'string', format: 'uuid' } }, required: ['job_id'] },
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: [...EXPORT_FORMATS] },
            items: { type: 'string', pattern: '^\\d{1,3}(,\\d{1,3}){0,99}$', description: 'comma-separated 0-based result positions' },
          },
          required: ['format'],
        },
        response: {
          200: {
            description: 'The file, as an attachment',
            content: {
              'text/csv': { schema: text },
              'text/markdown': { schema: text },
              'application/json': { schema: { type: 'object' } },
              'application/x-research-info-systems': { schema: text },
              'application/x-bibtex': { schema: text },
            },
          },
          404: err,
          409: err,
          422: err,
          429: err,
        },
      },
    },
    async (req, reply) => {
      const id = parseJobId((req.params as { job_id: unknown }).job_id);
      const q = Query.safeParse(req.query ?? {});
      if (!q.success) {
        const field = String(q.error.issues[0]?.path[0] ?? 'format');
        const problem =
          field === 'items'
            ? 'must be comma-separated result positions such as 0,2,3'
            : `must be one of: ${EXPORT_FORMATS.join(', ')}`;
        throw new ApiError(422, 'validation_error', `Please fix the request: ${field} ${problem}.`, [{ field, problem }]);
      }
      await enforceRateLimit(deps, req, 'status');
      const job = await deps.store.jobs.get(id);
      if (!job) throw notFound('job');
      if (job.status !== 'completed' || job.results === null) {
        const why =
          job.status === 'failed' || job.status === 'cancelled'
            ? `This job ended without results (${job.status}); start a new search to get some.`
            : `This job has no results yet (${job.status}). Export it once it has completed.`;
        throw new ApiError(409, 'no_results', why);
      }
      let resources = job.results;
      if (q.data.items !== undefined) {
        const picks = [...new Set(q.data.items.split(',').map(Number))];
        const outside = picks.filter((i) => i >= resources.length);
        if (outside.length > 0) {
          const problem = `positions must be between 0 and ${resources.length - 1}; ${outside.join(', ')} is not`;
          throw new ApiError(422, 'validation_error', `Please fix the request: items ${problem}.`, [{ field: 'items', problem }]);
        }
        resources = picks.sort((a, b) => a - b).map((i) => resources[i] as (typeof resources)[number]);
      }
      const data = { job: toStatusView(job), resources };
      const format = q.data.format;
      return reply
        .header('content-type', EXPORT_MEDIA[format].type)
        .header('content-disposition', `attachment; filename="${exportFileName(data, format)}"`)
        .header('cache-control', 'private, no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(renderExport(data, format));
    },
  );
}
