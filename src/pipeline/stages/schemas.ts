import { z } from 'zod';
import { LicenseId, ResourceType } from '../../contracts/vocabulary';
import { Discipline, Level } from '../catalog/entry';

/**
 * What a provider must hand discovery. Catalog entries are validated once, when the catalog loads; every
 * other provider's hits (web search, APIs, LLMs: untrusted input) are checked against this on arrival.
 */
export const CandidateSchema = z.object({
  key: z.string().min(1),
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  type: ResourceType,
  provider: z.string(),
  description: z.string(),
  subjects: z.array(Discipline),
  level: Level,
  topics: z.array(z.string()),
  chapters: z.array(z.string()),
  authors: z.array(z.string()),
  license: LicenseId,
  license_source: z.string().min(1),
  found_by: z.string(),
});

export const ProviderHit = z.object({ candidate: CandidateSchema, score: z.number().nonnegative() });
