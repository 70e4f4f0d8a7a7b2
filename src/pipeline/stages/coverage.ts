import { isWeakWord, terms, uniqueTerms } from '../index/text';
import type { Chapter } from '../profile';
import type { Candidate } from '../providers/provider';

export interface CoverageEvidence {
  chapter: string;
  /** The resource's own words that support the chapter (a topic, chapter or title). */
  evidence: string;
}

interface Phrase {
  text: string;
  stems: Set<string>;
}

/** A chapter's strong stems: its content words without the generic ones ("methods", "theory"). */
function chapterStems(title: string): string[] {
  const all = uniqueTerms(title);
  const strong = all.filter((s) => !isWeakWord(s));
  return strong.length > 0 ? strong : all;
}

/**
 * Which of the profile's chapters a resource's metadata really supports. A chapter counts when one of
 * the resource's own chapter titles, topics or its title holds enough of the chapter's strong words:
 * all of them for a chapter of one or two words, two thirds for a longer one.
 */
export function coverageOf(c: Candidate, chapters: readonly Chapter[]): CoverageEvidence[] {
  const phrases: Phrase[] = [...c.chapters, ...c.topics, c.title].map((text) => ({ text, stems: new Set(terms(text)) }));
  const all = new Set(phrases.flatMap((p) => [...p.stems]));
  const out: CoverageEvidence[] = [];
  for (const ch of chapters) {
    const want = chapterStems(ch.title);
    if (want.length === 0) continue;
    const need = want.length <= 2 ? want.length : Math.ceil((want.length * 2) / 3);
    if (want.filter((s) => all.has(s)).length < need) continue;
    // Prefer one phrase that carries the chapter by itself, as the evidence to cite.
    let best: Phrase | null = null;
    let bestCount = 0;
    for (const p of phrases) {
      const n = want.filter((s) => p.stems.has(s)).length;
      if (n > bestCount) {
        best = p;
        bestCount = n;
      }
    }
    if (best && bestCount >= Math.min(need, 1 + Math.floor(need / 2))) out.push({ chapter: ch.title, evidence: best.text });
  }
  return out;
}
