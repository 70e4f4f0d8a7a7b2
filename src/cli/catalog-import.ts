import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config';
import { detectFormat, parseCatalogFile, type ImportFormat } from '../pipeline/catalog/import';
import { openStore } from '../store/open';
import { parse, UsageError } from './args';
import { busyMessage, claimDataDir } from './embedded';

/** `scholarsource catalog import FILE`: parse a list and store it, so every worker's catalog includes it. */
export async function catalogImportCommand(config: Config, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { format: { type: 'string' } });
  const file = positionals[0];
  if (!file) throw new UsageError('Name the file to import: scholarsource catalog import FILE [--format csv|json|markdown]');
  const format = values.format;
  if (format && !['csv', 'json', 'markdown'].includes(format)) throw new UsageError('--format is csv, json or markdown');
  const content = readFileSync(file, 'utf8');
  const fmt = (format as ImportFormat | undefined) ?? detectFormat(file, content);
  const report = parseCatalogFile(content, { format: fmt, origin: path.basename(file) });
  console.error(`Read ${report.read} entries: ${report.accepted} accepted, ${report.rejected.length} rejected (${fmt}).`);

  const own = claimDataDir(config, null);
  if (own.kind === 'server') {
    console.error(busyMessage(config, own.holder));
    return 1;
  }
  const store = await openStore(config);
  try {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const added = await store.catalogImports.insert(
      { id: randomUUID(), origin: path.basename(file), format: fmt, sha256, entry_count: report.entries.length },
      report.entries,
    );
    console.log(added ? `Imported ${report.entries.length} entries from ${path.basename(file)}; the catalog version changed.` : `${path.basename(file)} was already imported; nothing changed.`);
    return 0;
  } finally {
    await store.close();
    if (own.kind === 'owned') own.release();
  }
}
