import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CatalogEntry } from './entry';

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

export interface BuiltinCatalog {
  entries: CatalogEntry[];
  /** The raw file contents, hashed into the catalog version. */
  files: { name: string; content: string }[];
}

/** Loads and validates the team-written catalog shipped in `data/`. A bad entry stops start-up. */
export function loadBuiltinCatalog(dir = DATA_DIR): BuiltinCatalog {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, content: readFileSync(dir + name, 'utf8') }));
  const entries: CatalogEntry[] = [];
  for (const f of files) {
    const parsed = z.array(CatalogEntry).safeParse(JSON.parse(f.content));
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`catalog file ${f.name} is invalid at ${i?.path.join('.')}: ${i?.message}`);
    }
    for (const e of parsed.data) entries.push({ ...e, origin: 'builtin' });
  }
  return { entries, files };
}
