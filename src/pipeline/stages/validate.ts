import type { LicenseId, NotebookLmFormat } from '../../contracts/vocabulary';
import { terms } from '../index/text';
import type { StageProgress } from '../pipeline';
import type { CourseProfile } from '../profile';
import type { Candidate } from '../providers/provider';
import { coverageOf, type CoverageEvidence } from './coverage';
import type { FoundCandidate } from './discover';
import { notebookLmFormat } from './notebooklm';
import { checkHostPolicy, hostCredibility } from './policy';

export interface ScoredCandidate {
  candidate: Candidate;
  coverage: CoverageEvidence[];
  format: NotebookLmFormat;
  score: number;
  parts: { relevance: number; coverage: number; credibility: number; usability: number };
}

export interface Rejection {
  url: string;
  reason: string;
}

const LICENSE_TRUST: Partial<Record<LicenseId, number>> = { unverified: 0.5, 'free-access': 0.75 };
const licenseTrust = (l: LicenseId): number => LICENSE_TRUST[l] ?? (l.includes('-NC') || l.includes('-ND') ? 0.9 : 1);

/** Imported lists mark paid items in the note after the link ("Paid", "(paid)"). */
const PAID_NOTE = /(^|[\s([-])paid\b/i;

const BROAD_SUBJECTS = new Set<string>(['mathematics']);

const titleKey = (t: string): string => terms(t.replace(/\(.*?\)/g, ' ')).join(' ');

/**
 * Stage 3: drops what policy forbids (excluded sites, paid and answer sites, wrong discipline, duplicates)
 * and scores the rest on relevance, coverage, credibility and usability.
 */
export function validate(
  found: readonly FoundCandidate[],
  profile: CourseProfile,
  excludedSites: readonly string[],
  progress: (p: StageProgress) => void,
): { kept: ScoredCandidate[]; rejected: Rejection[] } {
  progress({ stage: 'validation', detail: `checking ${found.length} candidates` });
  const rejected: Rejection[] = [];
  // A broad subject ("mathematics") alone does not make a calculus drill fit a statistics course: when the
  // profile names specific disciplines, a candidate must share one of those.
  const specific = profile.subjects.filter((s) => !BROAD_SUBJECTS.has(s));
  const subjects = new Set<string>(specific.length > 0 ? specific : profile.subjects);
  const maxBest = Math.max(1e-9, ...found.map((f) => f.bestScore));
  const chapterCount = Math.max(1, profile.chapters.length);
  const scored: ScoredCandidate[] = [];
  for (const f of found) {
    const c = f.candidate;
    const policy = checkHostPolicy(c.url, excludedSites);
    if (!policy.ok) {
      rejected.push({ url: c.url, reason: policy.reason });
      continue;
    }
    if (PAID_NOTE.test(c.description) || PAID_NOTE.test(c.title)) {
      rejected.push({ url: c.url, reason: 'marked as paid by its source list' });
      continue;
    }
    if (subjects.size > 0 && !c.subjects.some((s) => subjects.has(s))) {
      rejected.push({ url: c.url, reason: `different discipline (${c.subjects.join(', ')})` });
      continue;
    }
    const format = notebookLmFormat(c.url);
    const coverage = coverageOf(c, profile.chapters);
    // The student's own textbook, when the catalog has it openly, is the most relevant resource of all.
    const ownBook = profile.textbook?.catalog_id === c.key;
    const relevance = ownBook ? 1 : 0.6 * (f.bestScore / maxBest) + 0.4 * Math.min(1, f.foundFor.length / Math.min(chapterCount, 5));
    const cov = Math.sqrt(coverage.length / chapterCount);
    const credibility = 0.6 * hostCredibility(c.url) + 0.4 * licenseTrust(c.license);
    const usability = (format === 'not_compatible' ? 0.2 : 1) * (c.level === profile.level ? 1 : 0.8);
    const score = Math.round(100 * (0.4 * relevance + 0.25 * cov + 0.2 * credibility + 0.15 * usability));
    scored.push({ candidate: c, coverage, format, score, parts: { relevance, coverage: cov, credibility, usability } });
  }
  scored.sort((a, b) => b.score - a.score || (a.candidate.key < b.candidate.key ? -1 : 1));
  // Near-identical titles (the same book or course listed twice) keep only the best-scored one.
  const seen = new Set<string>();
  const kept = scored.filter((s) => {
    const k = titleKey(s.candidate.title);
    if (seen.has(k)) {
      rejected.push({ url: s.candidate.url, reason: 'duplicate title' });
      return false;
    }
    seen.add(k);
    return true;
  });
  progress({ stage: 'validation', detail: `${kept.length} candidates passed, ${rejected.length} dropped` });
  return { kept, rejected };
}
