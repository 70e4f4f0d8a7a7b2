import { DESIRED_TO_RESOURCE, DesiredResourceType, type ResourceType } from '../../contracts/vocabulary';
import type { QueryTerm } from '../index/catalog-index';
import { synonymsOf } from '../index/synonyms';
import { terms } from '../index/text';
import type { CourseProfile } from '../profile';
import type { DiscoveryQuery } from '../providers/provider';

const PER_QUERY = 8;

/** Words a search engine would add for each type; the offline index filters by type instead. */
const TYPE_WORDS: Record<DesiredResourceType, string> = {
  textbooks: 'open textbook',
  practice_problem_sets: 'problem set exercises',
  practice_exams_tests: 'practice exam',
  lecture_videos: 'lecture video',
  lecture_notes: 'lecture notes',
  online_courses: 'free online course',
  reference_materials: 'reference',
};

function weighted(text: string, weight: number, into: Map<string, number>, synonymWeight = 0.4): void {
  for (const t of terms(text)) {
    into.set(t, Math.max(into.get(t) ?? 0, weight));
    for (const s of synonymsOf(t)) if (!into.has(s)) into.set(s, weight * synonymWeight);
  }
}

const toTerms = (m: Map<string, number>): QueryTerm[] =>
  [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([stem, weight]) => ({ stem, weight }));

export interface QueryPlanOptions {
  desired: readonly DesiredResourceType[] | undefined;
  targetedSites: readonly string[] | undefined;
}

/**
 * The query templates: one per chapter × desired type, one per type for the whole course, and one per
 * targeted site. Built only from the profile, so the same profile always gives the same queries.
 */
export function planQueries(profile: CourseProfile, opts: QueryPlanOptions): DiscoveryQuery[] {
  const desired = opts.desired?.length ? [...opts.desired].sort() : [...DesiredResourceType.options];
  const context = new Map<string, number>();
  const contextText = [profile.course_title, profile.textbook?.title, ...profile.subjects.map((s) => s.replace(/-/g, ' '))].filter(Boolean).join(' ');
  weighted(contextText, 0.35, context, 0.5);
  const courseWide = new Map(context);
  for (const c of profile.chapters) weighted(c.title, 0.5, courseWide, 0.3);
  for (const k of profile.keywords.slice(0, 10)) weighted(k, 0.3, courseWide, 0.3);
  weighted(profile.course_title ?? '', 1, courseWide);
  weighted(profile.textbook?.title ?? '', 1, courseWide);

  const queries: DiscoveryQuery[] = [];
  for (const type of desired) {
    const types: readonly ResourceType[] = DESIRED_TO_RESOURCE[type];
    queries.push({ id: `course:${type}`, text: `${contextText} ${TYPE_WORDS[type]}`.trim(), terms: toTerms(courseWide), types, site: null, chapter: null, limit: PER_QUERY });
    profile.chapters.forEach((c, n) => {
      const m = new Map(context);
      weighted(c.title, 1.5, m);
      for (const t of c.topics.slice(0, 8)) weighted(t, 0.4, m, 0.25);
      queries.push({ id: `ch${n + 1}:${type}`, text: `${c.title} ${contextText} ${TYPE_WORDS[type]}`.trim(), terms: toTerms(m), types, site: null, chapter: c.title, limit: PER_QUERY });
    });
  }
  for (const site of [...(opts.targetedSites ?? [])].sort()) {
    queries.push({ id: `site:${site}`, text: `site:${site} ${contextText}`, terms: toTerms(courseWide), types: null, site, chapter: null, limit: PER_QUERY });
  }
  return queries;
}
