import type { Resource } from '../../contracts/resource';
import { DESIRED_TO_RESOURCE, type DesiredResourceType, type ResourceType } from '../../contracts/vocabulary';
import type { CourseProfile } from '../profile';
import { hostMatches, hostOf } from './policy';
import type { ScoredCandidate } from './validate';

export interface SelectionOptions {
  count: number;
  desired: readonly DesiredResourceType[] | undefined;
  targetedSites: readonly string[] | undefined;
}

const FORMAT_WORDS = { pdf: 'a PDF', webpage: 'a web page', youtube: 'a YouTube video', not_compatible: 'nothing NotebookLM can import' } as const;

/**
 * Stage 4, selection: greedily picks the resource that adds the most, where "most" is its score plus
 * the chapters nobody covers yet, a type not yet in the list, a desired type still missing and a
 * targeted site still missing. Ties break on the candidate key, so the order is stable.
 */
export function select(kept: readonly ScoredCandidate[], profile: CourseProfile, opts: SelectionOptions): ScoredCandidate[] {
  const chapterCount = Math.max(1, profile.chapters.length);
  const desiredTypes = new Set<ResourceType>((opts.desired ?? []).flatMap((d) => DESIRED_TO_RESOURCE[d]));
  const covered = new Set<string>();
  const types = new Map<ResourceType, number>();
  const providers = new Map<string, number>();
  const sitesLeft = new Set(opts.targetedSites ?? []);
  const chosen: ScoredCandidate[] = [];
  const pool = [...kept];
  while (chosen.length < opts.count && pool.length > 0) {
    let bestIdx = -1;
    let bestGain = -Infinity;
    pool.forEach((s, idx) => {
      const c = s.candidate;
      const fresh = s.coverage.filter((e) => !covered.has(e.chapter)).length;
      let gain = s.score / 100 + (0.9 * fresh) / chapterCount;
      const sameType = types.get(c.type) ?? 0;
      gain -= 0.12 * sameType;
      if (sameType === 0) gain += 0.08;
      gain -= 0.08 * (providers.get(c.provider) ?? 0);
      if (desiredTypes.size > 0) gain += desiredTypes.has(c.type) ? (sameType === 0 ? 0.3 : 0.1) : -0.25;
      const host = hostOf(c.url);
      if ([...sitesLeft].some((site) => hostMatches(host, site))) gain += 0.35;
      if (s.format === 'not_compatible') gain -= 0.2;
      if (profile.textbook?.catalog_id === c.key) gain += 0.5;
      if (gain > bestGain || (gain === bestGain && bestIdx >= 0 && c.key < (pool[bestIdx] as ScoredCandidate).candidate.key)) {
        bestGain = gain;
        bestIdx = idx;
      }
    });
    const [pick] = pool.splice(bestIdx, 1);
    if (!pick) break;
    chosen.push(pick);
    for (const e of pick.coverage) covered.add(e.chapter);
    types.set(pick.candidate.type, (types.get(pick.candidate.type) ?? 0) + 1);
    providers.set(pick.candidate.provider, (providers.get(pick.candidate.provider) ?? 0) + 1);
    const host = hostOf(pick.candidate.url);
    for (const site of [...sitesLeft]) if (hostMatches(host, site)) sitesLeft.delete(site);
  }
  return chosen;
}

function rationale(s: ScoredCandidate, chapterCount: number): string {
  const c = s.candidate;
  const cited = s.coverage.slice(0, 3).map((e) => (e.evidence.toLowerCase() === e.chapter.toLowerCase() ? `"${e.chapter}"` : `"${e.chapter}" (its ${e.evidence === c.title ? 'title' : 'topic'} "${e.evidence}")`));
  const parts = [
    s.coverage.length > 0
      ? `Covers ${s.coverage.length} of ${chapterCount} course chapters or topics, e.g. ${cited.join(', ')}.`
      : 'Matches the course subject as a whole rather than a single chapter.',
    `From ${c.provider}; licence ${c.license} as stated in the ${c.license_source}.`,
    `NotebookLM can import it as ${FORMAT_WORDS[s.format]}.`,
  ];
  return parts.join(' ');
}

/** Stage 4, structure: every Resource field, from the candidate and the evidence validation found. */
export function toResources(chosen: readonly ScoredCandidate[], profile: CourseProfile): Resource[] {
  const order = new Map(profile.chapters.map((c, i) => [c.title, i]));
  // Shown best first; equal scores keep the order in which selection picked them.
  const ranked = chosen.map((s, i) => ({ s, i })).sort((a, b) => b.s.score - a.s.score || a.i - b.i).map((x) => x.s);
  return ranked.map((s) => ({
    type: s.candidate.type,
    title: s.candidate.title,
    source: s.candidate.provider,
    url: s.candidate.url,
    description: s.candidate.description,
    coverage_topics: s.coverage.map((e) => e.chapter).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    license: s.candidate.license,
    license_source: s.candidate.license_source,
    notebooklm_format: s.format,
    score: s.score,
    rationale: rationale(s, profile.chapters.length),
  }));
}
