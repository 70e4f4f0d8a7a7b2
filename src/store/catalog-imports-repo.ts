import type { Db } from './db';

export interface CatalogImportRecord {
  id: string;
  origin: string;
  format: string;
  sha256: string;
  entry_count: number;
  imported_at: Date;
}

/** Imported catalog lists. They live in the database so every worker sees the same catalog. */
export class CatalogImportsRepo {
  constructor(private readonly db: Db) {}

  /** Stores an import; a file already imported (same sha256) is not stored twice. Returns false then. */
  async insert(r: Omit<CatalogImportRecord, 'imported_at'>, entries: unknown[]): Promise<boolean> {
    const res = await this.db.query(
      `INSERT INTO catalog_imports (id, origin, format, sha256, entry_count, entries) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (sha256) DO NOTHING`,
      [r.id, r.origin, r.format, r.sha256, r.entry_count, JSON.stringify(entries)],
    );
    return res.rowCount > 0;
  }

  /** Every import's entries, oldest first, so every worker builds the same index. */
  async all(): Promise<{ record: CatalogImportRecord; entries: unknown[] }[]> {
    const r = await this.db.query<CatalogImportRecord & { entries: unknown[] }>(
      'SELECT * FROM catalog_imports ORDER BY imported_at, id',
    );
    return r.rows.map(({ entries, ...record }) => ({ record, entries }));
  }

  /** The sha256 list that identifies the imported part of the catalog version. */
  async fingerprints(): Promise<string[]> {
    const r = await this.db.query<{ sha256: string }>('SELECT sha256 FROM catalog_imports ORDER BY sha256');
    return r.rows.map((x) => x.sha256);
  }
}
