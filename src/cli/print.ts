import type { StatusResponse } from '../contracts/status';

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The results as a plain-text table, for people at a terminal. */
export function resultsTable(s: StatusResponse): string {
  const lines: string[] = [];
  const tb = s.metadata.textbook_info;
  lines.push(`${s.search_title ?? 'Search'} — ${s.results?.length ?? 0} resources`);
  if (tb?.title) lines.push(`Textbook: ${tb.title}${tb.author ? ` by ${tb.author}` : ''} (${tb.source})`);
  lines.push('');
  const rows = (s.results ?? []).map((r, i) => [String(i + 1), String(r.score), r.type, r.notebooklm_format, clip(r.title, 60), r.url]);
  const head = ['#', 'score', 'type', 'format', 'title', 'url'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (r: string[]): string => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c] ?? 0))).join('  ');
  lines.push(fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  const chapters = s.metadata.chapters ?? [];
  if (chapters.length) {
    const covered = new Set((s.results ?? []).flatMap((r) => r.coverage_topics));
    lines.push('', `Chapter coverage: ${chapters.filter((c) => covered.has(c)).length} of ${chapters.length}`);
  }
  return lines.join('\n');
}
