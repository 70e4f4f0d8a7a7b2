import { z } from 'zod';
import { LicenseId, NotebookLmFormat, ResourceType } from './vocabulary';

/** One recommended item, as the API, the worker and the web app see it (design §3). */
export const Resource = z.object({
  type: ResourceType,
  title: z.string(),
  source: z.string(),
  url: z.string(),
  description: z.string(),
  coverage_topics: z.array(z.string()),
  license: LicenseId,
  license_source: z.string(),
  notebooklm_format: NotebookLmFormat,
  score: z.number().min(0).max(100),
  rationale: z.string(),
});
export type Resource = z.infer<typeof Resource>;
