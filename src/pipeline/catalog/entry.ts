import { z } from 'zod';
import { LicenseId, ResourceType } from '../../contracts/vocabulary';
import { isValidIsbn13 } from '../../contracts/isbn';

/**
 * Disciplines, grouped in families. Validation treats a candidate as on-discipline when it shares a
 * discipline, or a family, with the course (see `relatedDisciplines`).
 */
export const DISCIPLINE_FAMILIES = {
  mathematics: ['mathematics', 'calculus', 'linear-algebra', 'statistics', 'discrete-mathematics'],
  'physical-sciences': ['physics', 'chemistry', 'astronomy', 'earth-science'],
  'life-sciences': ['biology', 'anatomy-physiology', 'microbiology', 'environmental-science'],
  health: ['medicine', 'nursing', 'public-health', 'nutrition'],
  computing: ['computer-science', 'programming', 'data-science', 'artificial-intelligence'],
  engineering: ['electrical-engineering', 'mechanical-engineering', 'civil-engineering', 'chemical-engineering'],
  'social-sciences': ['psychology', 'sociology', 'economics', 'political-science', 'anthropology', 'geography'],
  humanities: ['history', 'philosophy', 'literature', 'writing', 'art', 'music', 'religion'],
  languages: ['languages', 'linguistics'],
  business: ['business', 'accounting', 'finance', 'management', 'marketing'],
  law: ['law'],
  education: ['education'],
} as const;

type Families = typeof DISCIPLINE_FAMILIES;
export type Discipline = Families[keyof Families][number];
export const DISCIPLINES: Discipline[] = Object.values(DISCIPLINE_FAMILIES).flat();
export const Discipline = z.enum(DISCIPLINES as [Discipline, ...Discipline[]]);

export const Level = z.enum(['introductory', 'intermediate', 'advanced']);
export type Level = z.infer<typeof Level>;

/** One open resource in the offline catalog. */
export const CatalogEntry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id is a lowercase slug'),
  title: z.string().min(3).max(300),
  url: z.url({ protocol: /^https?$/ }),
  type: ResourceType,
  provider: z.string().min(2).max(120),
  /** The licence as the provider publishes it; `free-access` when it is free to read with no open licence. */
  license: LicenseId,
  subjects: z.array(Discipline).min(1).max(4),
  level: Level,
  /** Keywords and topics the resource covers, in plain words. */
  topics: z.array(z.string().min(2).max(120)).min(1).max(60),
  description: z.string().min(10).max(600),
  authors: z.array(z.string().min(2).max(120)).max(12).optional(),
  isbn: z.array(z.string().refine(isValidIsbn13, 'isbn entries are valid ISBN-13 digits')).optional(),
  /** Chapter titles in book order, for textbooks whose contents are known. */
  chapters: z.array(z.string().min(2).max(200)).optional(),
  /** Where the entry came from: `builtin`, or the file an import read. */
  origin: z.string().optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;
export type CatalogEntryInput = z.input<typeof CatalogEntry>;
