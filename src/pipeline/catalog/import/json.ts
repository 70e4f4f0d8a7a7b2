import { ReportBuilder } from './build';
import { checkUrl, entryId } from './url';
import type { ImportOptions, ImportReport } from './types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * JSON: an array of CatalogEntry-shaped objects, or `{ entries: [...] }`. Missing `id` (derived from origin
 * and URL) and `origin` are filled in; everything else must already satisfy the schema.
 */
export function parseJson(content: string, opts: ImportOptions): ImportReport {
  const out = new ReportBuilder('json', opts.origin);
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    out.reject(`invalid JSON: ${(err as Error).message}`);
    return out.report();
  }
  const items = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.entries) ? (data.entries as unknown[]) : null;
  if (!items) {
    out.reject('JSON must be an array of entries or an object with an "entries" array');
    return out.report();
  }
  items.forEach((item, index) => {
    out.read++;
    const label = `entry ${index}`;
    if (!isRecord(item)) {
      out.reject('not an object', { label });
      return;
    }
    const url = typeof item.url === 'string' ? item.url : undefined;
    const u = url === undefined ? undefined : checkUrl(url);
    if (!u?.ok) {
      out.reject(u && !u.ok ? u.reason : 'url is missing or not a string', { label, url });
      return;
    }
    const filled = { ...item, id: item.id ?? entryId(opts.origin, u.key), origin: item.origin ?? opts.origin };
    out.accept(filled, u.key, { label, url });
  });
  return out.report();
}
