import { createHash } from 'node:crypto';
import { normalizeIsbn } from '../contracts/isbn';
import type { JobInputs } from '../store/job-record';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Lowercase scheme and host, no `www.`, no fragment, no trailing slash. */
export function normalizeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.hash = '';
    u.hostname = u.hostname.toLowerCase().replace(/^www\./, '');
    const s = u.toString();
    return s.endsWith('/') ? s.slice(0, -1) : s;
  } catch {
    return raw.trim();
  }
}

const norm = (s: string | undefined): string | null => (s ? s.trim().toLowerCase().replace(/\s+/g, ' ') : null);
const topics = (s: string | undefined): string[] =>
  s
    ? [
        ...new Set(
          s
            .split(',')
            .map((t) => t.trim().toLowerCase().replace(/\s+/g, ' '))
            .filter((t) => t !== ''),
        ),
      ].sort()
    : [];

/** The parts of the inputs that decide the course profile. */
export function analysisKeyParts(i: JobInputs, uploadSha: string | null): Record<string, unknown> {
  return {
    course_url: i.course_url ? normalizeUrl(i.course_url) : null,
    book_url: i.book_url ? normalizeUrl(i.book_url) : null,
    book_title: norm(i.book_title),
    book_author: norm(i.book_author),
    course_name: norm(i.course_name),
    university_name: norm(i.university_name),
    isbn: i.isbn ? normalizeIsbn(i.isbn) : null,
    topics: topics(i.topics_list),
    syllabus: i.syllabus_text ? sha(i.syllabus_text.trim()) : null,
    upload: uploadSha,
  };
}

export interface CacheKeys {
  analysis: string;
  full: string;
}

/** Cache keys for both tiers (design §5): normalised inputs plus the pipeline configuration hash. */
export function cacheKeys(i: JobInputs, uploadSha: string | null, configHash: string, defaultMaxResults: number): CacheKeys {
  const a = analysisKeyParts(i, uploadSha);
  const full = {
    ...a,
    desired: [...(i.desired_resource_types ?? [])].sort(),
    targeted: [...(i.targeted_sites ?? [])].sort(),
    excluded: [...(i.excluded_sites ?? [])].sort(),
    max_results: i.max_results ?? defaultMaxResults,
  };
  return {
    analysis: `analysis:${sha(JSON.stringify({ a, configHash }))}`,
    full: `full:${sha(JSON.stringify({ full, configHash }))}`,
  };
}
