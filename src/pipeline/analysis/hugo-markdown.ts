/**
 * Reads Markdown, OCW Hugo Markdown (YAML front matter, table shortcodes, `resource_link` shortcodes) and plain
 * text into the common block model. Pure; shortcodes are only recognised, never executed.
 */
import type { Block, ListItem, Table, TableRow } from './blocks';
import { squash, squashLines, stripEmphasisMarks, stripInlineMarkdown } from './text';

export interface ParsedMarkdown {
  /** Keys of every front-matter block, first block first; later blocks do not overwrite earlier keys. */
  frontMatter: Record<string, string>;
  blocks: Block[];
  /** Plain text of the document (no markup), one block per line group. */
  text: string;
}

const FM_LINE = /^(?:[\w-]+:(?:\s.*)?|\s+\S.*|\s*-\s.*|\s*)$/;

/** Finds `---\nkey: value\n---` blocks (at the start or after a blank line) and returns text without them. */
function takeFrontMatter(lines: string[]): { rest: string[]; fm: Record<string, string> } {
  const fm: Record<string, string> = {};
  const rest: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const atStart = rest.length === 0 || (rest[rest.length - 1] ?? '').trim() === '';
    if (line.trim() === '---' && atStart) {
      let j = i + 1;
      let keys = 0;
      let ok = true;
      while (j < lines.length && j - i < 200 && (lines[j] ?? '').trim() !== '---') {
        const l = lines[j] ?? '';
        if (!FM_LINE.test(l)) {
          ok = false;
          break;
        }
        if (/^[\w-]+:/.test(l)) keys++;
        j++;
      }
      if (ok && keys > 0 && j < lines.length) {
        let lastKey: string | null = null;
        const block: Record<string, string> = {};
        for (const l of lines.slice(i + 1, j)) {
          const kv = /^([\w-]+):\s*(.*)$/.exec(l);
          if (kv?.[1] !== undefined) {
            lastKey = kv[1];
            block[lastKey] = (kv[2] ?? '').replace(/^["']|["']$/g, '');
          } else if (lastKey !== null && /^\s+\S/.test(l) && !/^\s*-\s/.test(l)) {
            block[lastKey] = squash(`${block[lastKey] ?? ''} ${l}`);
          }
        }
        for (const [k, v] of Object.entries(block)) if (!(k in fm)) fm[k] = v;
        i = j + 1;
        rest.push('');
        continue;
      }
    }
    rest.push(line);
    i++;
  }
  return { rest, fm };
}

const RESOURCE_LINK = /\{\{%\s*resource_link\s+[\w-]+\s+"((?:[^"\\]|\\.)*)"(?:\s+"[^"]*")?\s*%\}\}/g;
const SHORTCODE = /\{\{[<%]\s*(\/?)([\w-]+)([^}\n]{0,300}?)\s*[>%]\}\}/g;

function cellText(raw: string): string {
  return squash(stripInlineMarkdown(raw.replace(/\{\{<\s*br\s*\/?\s*>\}\}/g, '; ').replace(SHORTCODE, ' ')));
}

/** Parses the inside of a `{{< tableopen >}} … {{< tableclose >}}` region. */
export function parseHugoTable(region: string): Table {
  const header: string[] = [];
  const rows: TableRow[] = [];
  let inHead = false;
  let row: Array<{ text: string; th: boolean; span: number }> | null = null;
  let cell: { buf: string; th: boolean; span: number } | null = null;
  let last = 0;
  for (const m of region.matchAll(SHORTCODE)) {
    if (cell !== null) cell.buf += region.slice(last, m.index);
    last = m.index + m[0].length;
    const name = (m[2] ?? '').toLowerCase();
    if (name === 'br' && cell !== null) {
      cell.buf += '\n';
      continue;
    }
    switch (name) {
      case 'theadopen':
        inHead = true;
        break;
      case 'theadclose':
        inHead = false;
        break;
      case 'tropen':
        row = [];
        break;
      case 'thopen':
      case 'tdopen': {
        const span = /colspan\s*=\s*"?(\d+)/.exec(m[3] ?? '');
        cell = { buf: '', th: name === 'thopen', span: span?.[1] !== undefined ? Number(span[1]) : 1 };
        break;
      }
      case 'thclose':
      case 'tdclose':
        if (cell !== null && row !== null) row.push({ text: cellText(cell.buf.replace(/\n/g, ' ').trim()), th: cell.th, span: cell.span });
        cell = null;
        break;
      case 'trclose':
        if (row !== null) {
          if ((inHead || row.every((c) => c.th)) && header.length === 0) header.push(...row.map((c) => c.text));
          else if (row.length > 0) {
            const nonEmpty = row.filter((c) => c.text !== '');
            rows.push({ cells: row.map((c) => c.text), spanning: row.length === 1 && (row[0]?.span ?? 1) > 1 && nonEmpty.length === 1 });
          }
        }
        row = null;
        break;
      default:
        break;
    }
  }
  return { header, rows };
}

function parsePipeTable(lines: readonly string[]): Table {
  const split = (l: string): string[] =>
    l
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => cellText(c));
  const header = split(lines[0] ?? '');
  const rows = lines.slice(2).map((l) => ({ cells: split(l), spanning: false }));
  return { header, rows };
}

const LIST_ITEM = /^(\s*)([-*+\u2022]|\d{1,3}[.)])\s+(.*)$/;
const ATX = /^\s{0,3}(#{1,6})\s+(.*)$/;
/** Marks where a table shortcode region stood (a private-use character, stripped from the input first). */
const PLACEHOLDER = /^\uE000T(\d+)\uE000$/;
const PIPE_ROW = /^\s*\|.*\|\s*$/;
const PIPE_SEP = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function inline(s: string): string {
  // keep *emphasis* for the textbook reader; drop images, links' targets, tags, leftover shortcodes
  return s
    .replace(SHORTCODE, ' ')
    .replace(/!\[[^\]\n]{0,300}\]\([^)\n]{0,2000}\)/g, '')
    .replace(/\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)/g, '$1')
    .replace(/<[^>]{1,200}>/g, '')
    .replace(/\*\*\*(.{1,300}?)\*\*\*/g, '*$1*')
    .replace(/\*\*(.{1,300}?)\*\*|__(.{1,300}?)__/g, (_m, a?: string, b?: string) => a ?? b ?? '');
}

const TABLE_OPEN = /\{\{<\s*tableopen\s*>\}\}/g;
const TABLE_CLOSE = /\{\{<\s*tableclose\s*>\}\}/g;

/** Replaces each `{{< tableopen >}} … {{< tableclose >}}` region in one linear pass. */
function replaceTableRegions(s: string, fn: (region: string) => string): string {
  let out = '';
  let at = 0;
  for (;;) {
    TABLE_OPEN.lastIndex = at;
    const open = TABLE_OPEN.exec(s);
    if (open === null) break;
    TABLE_CLOSE.lastIndex = open.index + open[0].length;
    const close = TABLE_CLOSE.exec(s);
    if (close === null) break;
    out += s.slice(at, open.index) + fn(s.slice(open.index + open[0].length, close.index));
    at = close.index + close[0].length;
  }
  return out + s.slice(at);
}

/** Lines longer than this are never headings or list labels (and are not run through the heading patterns). */
const MAX_HEADING_LINE = 1000;

/** Parses Markdown, Hugo Markdown or plain text into blocks. */
export function parseHugoMarkdown(md: string): ParsedMarkdown {
  const normalised = md.replace(/\r\n?/g, '\n').replace(/[\uE000]/g, '');
  const { rest, fm } = takeFrontMatter(normalised.split('\n'));
  const tables: Table[] = [];
  const withLinks = rest.join('\n').replace(RESOURCE_LINK, (_m, t: string) => t.replace(/\\"/g, '"'));
  const body = replaceTableRegions(withLinks, (region) => {
    tables.push(parseHugoTable(region));
    return `\n\n\uE000T${tables.length - 1}\uE000\n\n`;
  });
  const lines = body.split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: ListItem[]; baseIndent: number } | null = null;

  const flush = (): void => {
    if (para.length > 0) {
      const text = squashLines(para.map(inline).join('\n'));
      if (text !== '') blocks.push({ kind: 'paragraph', text });
      para = [];
    }
    if (list !== null) {
      if (list.items.length > 0) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items });
      list = null;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.replace(SHORTCODE, (m) => (/\bbr\b/.test(m) ? '' : ' ')).trimEnd();
    if (line.trim() === '') {
      flush();
      continue;
    }
    const ph = PLACEHOLDER.exec(line.trim());
    if (ph?.[1] !== undefined) {
      flush();
      const t = tables[Number(ph[1])];
      if (t !== undefined) blocks.push({ kind: 'table', table: t });
      continue;
    }
    if (PIPE_ROW.test(line) && PIPE_SEP.test(lines[i + 1] ?? '')) {
      flush();
      const tl = [line, lines[i + 1] ?? ''];
      let j = i + 2;
      while (j < lines.length && PIPE_ROW.test(lines[j] ?? '')) tl.push(lines[j++] ?? '');
      blocks.push({ kind: 'table', table: parsePipeTable(tl) });
      i = j - 1;
      continue;
    }
    const atx = line.length <= MAX_HEADING_LINE ? ATX.exec(line) : null;
    if (atx?.[1] !== undefined) {
      flush();
      const text = squash(stripEmphasisMarks(stripInlineMarkdown((atx[2] ?? '').replace(/(?:^|\s)#+$/, ''))));
      if (text !== '') blocks.push({ kind: 'heading', level: atx[1].length, text, id: null });
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (para.length === 0 && list === null && line.length <= MAX_HEADING_LINE && /^\s{0,3}(?:=+|-{2,})\s*$/.test(next) && !LIST_ITEM.test(line)) {
      flush();
      const text = squash(stripEmphasisMarks(stripInlineMarkdown(line)));
      if (text !== '') blocks.push({ kind: 'heading', level: next.trim().startsWith('=') ? 1 : 2, text, id: null });
      i++;
      continue;
    }
    if (/^\s{0,3}(?:[-*_]\s*){3,}$/.test(line)) {
      flush();
      continue;
    }
    const li = LIST_ITEM.exec(line);
    if (li !== null) {
      const indent = (li[1] ?? '').replace(/\t/g, '    ').length;
      const ordered = /\d/.test(li[2] ?? '');
      if (para.length > 0) flush();
      if (list === null) list = { ordered, items: [], baseIndent: indent };
      const depth = Math.max(0, Math.floor((indent - list.baseIndent) / 2));
      const text = squash(stripEmphasisMarks(stripInlineMarkdown(inline(li[3] ?? ''))));
      if (text !== '') list.items.push({ text, depth: Math.min(depth, 6) });
      continue;
    }
    if (list !== null && /^\s+\S/.test(raw)) {
      const lastItem = list.items[list.items.length - 1];
      if (lastItem !== undefined) lastItem.text = squash(`${lastItem.text} ${stripEmphasisMarks(stripInlineMarkdown(inline(line)))}`);
      continue;
    }
    if (list !== null) flush();
    para.push(line);
  }
  flush();
  return { frontMatter: fm, blocks, text: blocksToText(blocks) };
}

/** Plain text of blocks: headings, paragraphs, list items and table rows, one per line. */
export function blocksToText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'heading') out.push(b.text);
    else if (b.kind === 'paragraph') out.push(stripEmphasisMarks(b.text));
    else if (b.kind === 'list') for (const it of b.items) out.push(it.text);
    else {
      if (b.table.header.length > 0) out.push(b.table.header.join(' | '));
      for (const r of b.table.rows) out.push(r.cells.filter((c) => c !== '').join(' | '));
    }
  }
  return out.join('\n');
}
