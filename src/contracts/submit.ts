import { z } from 'zod';
import { isbnProblem } from './isbn';
import { DesiredResourceType, JobStatus, Priority } from './vocabulary';

export const LIMITS = {
  url: 2048,
  shortText: 200,
  topics: 1000,
  syllabus: 50_000,
  sites: 500,
} as const;

/** The largest file POST /api/uploads takes (a PDF; a text syllabus is also held to LIMITS.syllabus characters). */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

// Zero-width and bidirectional-override characters: invisible, so a field made only of them is blank,
// and one-line fields refuse the overrides (they can disguise text in reports).
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff]/g;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;

/** An empty or whitespace-only string, or null, counts as absent (design §3). */
const blankToUndefined = (v: unknown): unknown =>
  v === null || (typeof v === 'string' && v.replace(INVISIBLE, '').trim() === '') ? undefined : v;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** Text PostgreSQL can store: no NUL characters and no lone UTF-16 surrogates. */
const storable = (s: string): boolean => !s.includes('\u0000') && s.isWellFormed();
const safeString = () => z.string().refine(storable, { message: 'contains characters that are not valid text (NUL or broken Unicode)' });

const text = (max: number) =>
  safeString()
    .max(max, { message: `must be at most ${max} characters` })
    .transform((s) => s.trim());

/** A one-line field (title, author, names): no line breaks, tabs or direction overrides. */
const line = (max: number) =>
  safeString()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !CONTROL_CHARS.test(s) && !BIDI_OVERRIDE.test(s), { message: 'must be one line of plain text (no line breaks or control characters)' })
    .transform((s) => s.trim());

export const httpUrl = safeString()
  .max(LIMITS.url, { message: `must be at most ${LIMITS.url} characters` })
  .refine((s) => !CONTROL_CHARS.test(s), { message: 'must not contain control characters' })
  .refine(
    (s) => {
      try {
        const u = new URL(s.trim());
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
      } catch {
        return false;
      }
    },
    { message: 'must be a full http:// or https:// address without a user name or password, e.g. https://ocw.mit.edu/courses/...' },
  )
  .transform((s) => s.trim());

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const IPV4ISH = /^[\d.]+$/;

/** Comma-separated host names (a JSON array of them is accepted too), lowercased and de-duplicated; IPs and localhost are refused. */
export const siteList = safeString()
  .max(LIMITS.sites, { message: `must be at most ${LIMITS.sites} characters` })
  .transform((s, ctx) => {
    const hosts = s
      .split(',')
      .map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/^https?:\/\//, '')
          .replace(/\/.*$/, '')
          .replace(/^www\./, ''),
      )
      .filter((h) => h !== '');
    for (const h of hosts) {
      if (h === 'localhost' || h.endsWith('.localhost') || IPV4ISH.test(h) || h.includes(':') || !HOSTNAME.test(h)) {
        ctx.addIssue({ code: 'custom', message: `"${h.slice(0, 60)}" is not a public host name such as ocw.mit.edu` });
        return z.NEVER;
      }
    }
    return [...new Set(hosts)];
  });

const sitesInput = (v: unknown): unknown => blankToUndefined(Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(',') : v);

export const SubmitRequest = z
  .strictObject({
    course_url: optional(httpUrl),
    book_url: optional(httpUrl),
    book_title: optional(line(LIMITS.shortText)),
    book_author: optional(line(LIMITS.shortText)),
    course_name: optional(line(LIMITS.shortText)),
    university_name: optional(line(LIMITS.shortText)),
    isbn: optional(
      safeString()
        .max(32, { message: 'an ISBN has 10 or 13 digits' })
        .superRefine((s, ctx) => {
          const p = isbnProblem(s);
          if (p) ctx.addIssue({ code: 'custom', message: p });
        })
        .transform((s) => s.replace(/[\s-]/g, '').toUpperCase()),
    ),
    topics_list: optional(text(LIMITS.topics)),
    syllabus_text: optional(text(LIMITS.syllabus)),
    book_upload_id: optional(z.uuid({ message: 'must be the upload_id returned by POST /api/uploads' })),
    desired_resource_types: z.array(DesiredResourceType).max(7).optional(),
    targeted_sites: z.preprocess(sitesInput, siteList.optional()),
    excluded_sites: z.preprocess(sitesInput, siteList.optional()),
    max_results: z.number().int({ message: 'must be a whole number' }).min(5).max(7).optional(),
    bypass_cache: z.boolean().optional(),
    priority: Priority.optional(),
    email: optional(safeString().max(320)),
  })
  .meta({ id: 'SubmitRequest', description: 'Every field is optional, but one of the search fields is required.' });
export type SubmitRequest = z.infer<typeof SubmitRequest>;
export type SubmitRequestInput = z.input<typeof SubmitRequest>;

/** Fields that give the pipeline something to search on; at least one is needed. */
export const SEARCH_FIELDS = [
  'course_url',
  'book_url',
  'book_title',
  'isbn',
  'book_upload_id',
  'syllabus_text',
  'topics_list',
] as const satisfies readonly (keyof SubmitRequest)[];

export const hasSearchInput = (r: SubmitRequest): boolean => SEARCH_FIELDS.some((f) => r[f] !== undefined);

export const SubmitResponse = z
  .object({
    job_id: z.uuid(),
    /** `queued` for a new search, `completed` on a full cache hit; a repeated Idempotency-Key reports the job's current status. */
    status: JobStatus,
    message: z.string(),
    warning: z.string().optional(),
  })
  .meta({ id: 'SubmitResponse' });
export type SubmitResponse = z.infer<typeof SubmitResponse>;
