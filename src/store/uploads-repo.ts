import type { Db } from './db';

export interface UploadRecord {
  id: string;
  sha256: string;
  media_type: string;
  bytes: number;
  file_name: string | null;
  text: string;
  outline: string[];
  created_at: Date;
}

export class UploadsRepo {
  constructor(private readonly db: Db) {}

  async insert(u: Omit<UploadRecord, 'created_at'>, ttlHours: number): Promise<void> {
    await this.db.query(
      `INSERT INTO uploads (id, sha256, media_type, bytes, file_name, text, outline, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
      [u.id, u.sha256, u.media_type, u.bytes, u.file_name, u.text, JSON.stringify(u.outline), ttlHours * 3600],
    );
  }

  /** Returns the upload, or null when it never existed or has expired (an expired one is deleted). */
  async get(id: string): Promise<UploadRecord | null> {
    const r = await this.db.query<UploadRecord & { expired: boolean }>(
      'SELECT *, expires_at <= now() AS expired FROM uploads WHERE id = $1',
      [id],
    );
    const row = r.rows[0];
    if (!row) return null;
    if (row.expired) {
      await this.db.query('DELETE FROM uploads WHERE id = $1', [id]);
      return null;
    }
    const { expired: _e, ...rest } = row;
    return rest;
  }
}
