import { createHash } from 'node:crypto';
import { normalizeUrl } from '../cache-keys';
import { CatalogIndex } from '../index/catalog-index';
import { CatalogEntry } from './entry';
import { loadBuiltinCatalog, type BuiltinCatalog } from './builtin';

export interface CatalogImportSource {
  fingerprints(): Promise<string[]>;
  all(): Promise<{ record: { sha256: string }; entries: unknown[] }[]>;
}

export interface CatalogSnapshot {
  version: string;
  entries: readonly CatalogEntry[];
  index: CatalogIndex;
  /** Catalog entries by normalised URL. */
  byUrl: ReadonlyMap<string, CatalogEntry>;
}

/**
 * The offline catalog: the built-in files plus every import in the store. Its version hashes both, so an
 * import changes the cache keys; every worker rebuilds the same snapshot when the version moves.
 */
export class Catalog {
  private readonly builtin: BuiltinCatalog;
  private readonly builtinHash: string;
  private snapshot: CatalogSnapshot | null = null;
  private building: Promise<CatalogSnapshot> | null = null;

  constructor(private readonly imports: CatalogImportSource | null, builtin?: BuiltinCatalog) {
    this.builtin = builtin ?? loadBuiltinCatalog();
    const h = createHash('sha256');
    for (const f of this.builtin.files) h.update(f.name).update('\0').update(f.content).update('\0');
    this.builtinHash = h.digest('hex');
  }

  /** The current version; cheap (one small query) so it can be checked on every job. */
  async version(): Promise<string> {
    const prints = this.imports ? await this.imports.fingerprints() : [];
    return versionOf(this.builtinHash, prints);
  }

  async current(): Promise<CatalogSnapshot> {
    const v = await this.version();
    if (this.snapshot?.version === v) return this.snapshot;
    this.building ??= this.build().finally(() => (this.building = null));
    return this.building;
  }

  private async build(): Promise<CatalogSnapshot> {
    const imports = this.imports ? await this.imports.all() : [];
    const version = versionOf(
      this.builtinHash,
      imports.map((i) => i.record.sha256),
    );
    const byUrl = new Map<string, CatalogEntry>();
    const entries: CatalogEntry[] = [];
    const add = (e: CatalogEntry): void => {
      const key = normalizeUrl(e.url);
      if (byUrl.has(key)) return; // the first source wins: built-in entries before imports
      byUrl.set(key, e);
      entries.push(e);
    };
    this.builtin.entries.forEach(add);
    for (const imp of imports) {
      for (const raw of imp.entries) {
        const e = CatalogEntry.safeParse(raw);
        if (e.success) add(e.data);
      }
    }
    const snap: CatalogSnapshot = { version, entries, index: new CatalogIndex(entries), byUrl };
    this.snapshot = snap;
    return snap;
  }
}

const versionOf = (builtinHash: string, prints: string[]): string =>
  createHash('sha256')
    .update(builtinHash)
    .update([...prints].sort().join(','))
    .digest('hex')
    .slice(0, 16);
