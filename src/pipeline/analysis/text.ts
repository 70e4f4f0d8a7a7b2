/** Small text helpers shared by the analysis extractors. All pure. */

/** Collapses runs of whitespace (including non-breaking spaces) to one space and trims. */
export function squash(s: string): string {
  return s.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Like `squash` but keeps line breaks (collapsing blank-line runs to one newline). */
export function squashLines(s: string): string {
  return s
    .split('\n')
    .map((l) => squash(l))
    .filter((l) => l.length > 0)
    .join('\n');
}

/** A comparison key: lowercase, letters and digits only, single spaces, accents removed. */
export function normKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Keeps the first occurrence of each value, comparing by `key`. */
export function dedupeBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const it of items) {
    const k = key(it);
    if (k === '' || seen.has(k)) continue;
    seen.add(k);
    out.push(it);
  }
  return out;
}

/** De-duplicates strings by `normKey`, keeping order and the first spelling. */
export function dedupeText(items: readonly string[]): string[] {
  return dedupeBy(items, normKey);
}

/** Removes Markdown inline markup: images, links (keeping their text), emphasis and code marks, HTML tags. */
export function stripInlineMarkdown(s: string): string {
  return s
    .replace(/!\[[^\]\n]{0,300}\]\([^)\n]{0,2000}\)/g, '')
    .replace(/\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)/g, '$1')
    .replace(/<[^>]{1,200}>/g, '')
    .replace(/(\*\*\*|\*\*|__)(.{1,300}?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)(.{1,300}?)(?<=\S)[*_](?![\w*])/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

/** Removes `*emphasis*` markers that the HTML and Markdown readers keep for the textbook parser. */
export function stripEmphasisMarks(s: string): string {
  return s.replace(/[*_]{1,3}(?=\S)(.{1,300}?)(?<=\S)[*_]{1,3}/g, '$1');
}
