import type { z } from 'zod';
import { CatalogEntry } from '../entry';
import type { CatalogEntryInput, Discipline, Level } from '../entry';
import type { LicenseId, ResourceType } from '../../../contracts/vocabulary';
import type { ImportFormat, ImportReport, Rejection } from './types';
import { checkUrl, entryId } from './url';
import { clip, cleanTopics, collapse } from './text';

/** An entry before clipping and validation. */
export interface Draft {
  title: string;
  url: string;
  type: ResourceType;
  provider: string;
  license: LicenseId;
  subjects: Discipline[];
  level: Level;
  topics: string[];
  description: string;
  /** Appended to a too-short description (heading path, subjects). */
  context: string;
  authors?: string[];
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Clip and pad a draft into a schema-shaped input. */
export function finish(d: Draft, id: string, origin: string): CatalogEntryInput {
  // Collapsing whitespace only shrinks text: look at a bounded prefix of long abstracts.
  let description = clip(collapse(d.description.slice(0, 2000)), 600);
  if (description.length < 10) description = clip(collapse(`${description} ${d.context}`.trim()), 600);
  if (description.length < 10) description = clip(collapse(`${d.title}. Listed in ${origin}.`), 600);
  const authors = [...new Set((d.authors ?? []).map((a) => clip(collapse(a), 120)).filter((a) => a.length >= 2))].slice(0, 12);
  const entry: CatalogEntryInput = {
    id,
    title: clip(collapse(d.title), 300),
    url: d.url,
    type: d.type,
    provider: clip(collapse(d.provider), 120),
    license: d.license,
    subjects: [...new Set(d.subjects)].slice(0, 4),
    level: d.level,
    topics: cleanTopics([...d.topics, ...(d.topics.some((t) => t.trim().length >= 2) ? [] : d.subjects)]),
    description,
    origin,
  };
  if (authors.length > 0) entry.authors = authors;
  return entry;
}

/** Where a rejected item sits: line, URL, and a label prefixed to the reason (e.g. "entry 3"). */
export interface At {
  line?: number | undefined;
  url?: string | undefined;
  label?: string | undefined;
}

/** Collects accepted entries (validated, de-duplicated by URL key, first wins) and rejections. */
export class ReportBuilder {
  read = 0;
  private readonly entries: CatalogEntry[] = [];
  private readonly rejected: Rejection[] = [];
  private readonly seen = new Map<string, string | undefined>();

  constructor(
    private readonly format: ImportFormat,
    readonly origin: string,
  ) {}

  reject(reason: string, at: At = {}): void {
    const r: Rejection = { reason: at.label ? `${at.label}: ${reason}` : reason };
    if (at.line !== undefined) r.line = at.line;
    if (at.url !== undefined) r.url = at.url;
    this.rejected.push(r);
  }

  /** Validate and keep an input; `key` is the URL dedupe key. */
  accept(input: unknown, key: string, at: At = {}): boolean {
    const parsed = CatalogEntry.safeParse(input);
    if (!parsed.success) {
      this.reject(`schema: ${formatIssues(parsed.error)}`, at);
      return false;
    }
    if (this.seen.has(key)) {
      const first = this.seen.get(key);
      this.reject(`duplicate URL${first !== undefined ? ` (first at ${first})` : ''}`, at);
      return false;
    }
    this.seen.set(key, at.line !== undefined ? `line ${at.line}` : at.label);
    this.entries.push(parsed.data);
    return true;
  }

  /** Check the URL, then finish, validate and keep a draft. */
  acceptDraft(draft: Draft, line?: number): boolean {
    const u = checkUrl(draft.url);
    if (!u.ok) {
      this.reject(u.reason, { line, url: draft.url });
      return false;
    }
    const input = finish({ ...draft, url: u.url }, entryId(this.origin, u.key), this.origin);
    return this.accept(input, u.key, { line, url: u.url });
  }

  report(): ImportReport {
    return {
      format: this.format,
      read: this.read,
      accepted: this.entries.length,
      rejected: this.rejected,
      entries: this.entries,
    };
  }
}
