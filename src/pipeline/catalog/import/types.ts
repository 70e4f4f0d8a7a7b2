import type { ResourceType, LicenseId } from '../../../contracts/vocabulary';
import type { CatalogEntry, Discipline } from '../entry';
import type { CsvMapping } from './csv';

export type ImportFormat = 'csv' | 'json' | 'markdown';

export interface Rejection {
  /** 1-based line in the source file where the item starts (CSV: first line of the record). */
  line?: number;
  reason: string;
  url?: string;
}

export interface ImportReport {
  format: ImportFormat;
  /** Candidate items seen: CSV data rows, JSON array elements, markdown bullets that start with a non-anchor link. */
  read: number;
  accepted: number;
  rejected: Rejection[];
  entries: CatalogEntry[];
}

export interface ImportOptions {
  format: ImportFormat;
  /** Recorded in every entry's `origin` and mixed into its id, e.g. the file's base name. */
  origin: string;
  /** CSV column mapping; when absent it is detected from the header (OCW OER export or generic). */
  csvMapping?: CsvMapping;
  /** Licence for entries whose own licence is not stated; `unverified` when absent. */
  defaultLicense?: LicenseId;
  /** Markdown/CSV: resource type when nothing more specific is known (overrides the list profile). */
  defaultType?: ResourceType;
  /** Markdown/CSV: disciplines for entries with no mappable subject (overrides the list profile). */
  defaultSubjects?: Discipline[];
}
