import { z } from 'zod';
import { Resource } from './resource';
import { JobStatus, Stage } from './vocabulary';

export const TextbookInfo = z.object({
  title: z.string().nullable(),
  author: z.string().nullable(),
  isbn: z.string().nullable().optional(),
  source: z.enum(['user_provided', 'course_page', 'syllabus', 'catalog', 'not_found']),
});
export type TextbookInfo = z.infer<typeof TextbookInfo>;

export const Progress = z.object({
  stage: Stage,
  stage_index: z.number().int(),
  stage_count: z.number().int(),
  detail: z.string(),
});
export type Progress = z.infer<typeof Progress>;

export const JobMetadata = z
  .object({
    textbook_info: TextbookInfo.optional(),
    chapters: z.array(z.string()).optional(),
    subjects: z.array(z.string()).optional(),
    level: z.string().optional(),
    resource_count: z.number().int().optional(),
    cache_used: z.boolean(),
    attempt: z.number().int(),
    stage: Stage,
    redriven_from: z.string().optional(),
    timings_ms: z.record(z.string(), z.number()).optional(),
  })
  .loose();
export type JobMetadata = z.infer<typeof JobMetadata>;

export const StatusResponse = z
  .object({
    job_id: z.uuid(),
    status: JobStatus,
    status_message: z.string(),
    search_title: z.string().nullable(),
    results: z.array(Resource).nullable(),
    raw_output: z.string().nullable(),
    error: z.string().nullable(),
    metadata: JobMetadata,
    course_name: z.string().nullable(),
    university_name: z.string().nullable(),
    book_title: z.string().nullable(),
    book_author: z.string().nullable(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    progress: Progress,
  })
  .meta({ id: 'StatusResponse' });
export type StatusResponse = z.infer<typeof StatusResponse>;

export const CancelResponse = z
  .object({ job_id: z.uuid(), status: z.literal('cancelled'), message: z.string() })
  .meta({ id: 'CancelResponse' });

export const ErrorBody = z
  .object({
    detail: z.object({
      error: z.string(),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), problem: z.string() })).optional(),
    }),
    error: z.string().optional(),
    message: z.string().optional(),
    retry_after: z.number().optional(),
    limit: z.string().optional(),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;
