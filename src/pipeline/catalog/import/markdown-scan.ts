import { plainText } from './text';
import { parseLeadingLink } from './markdown-link';

/** One list item with its context. */
export interface Block {
  /** 1-based line of the bullet. */
  line: number;
  indent: number;
  /** Item text after the bullet marker, lazy continuation lines joined with spaces. */
  text: string;
  /** Context labels, outermost first: headings, `<details>` summaries, parent items. */
  context: string[];
}

export interface Scan {
  /** The document's title: its only `#` heading when that is the first heading. */
  title: string | null;
  blocks: Block[];
}

const GENERIC = /^(contents|table of contents|index|courses|books|resources|links|by subject|misc|miscellaneous|others?|introduction|start here|related)$/i;

/** Heading or label text as plain words: links → text, tags and badges dropped, LoC class codes removed. */
export function cleanLabel(raw: string): string {
  return plainText(raw.replace(/\s#+\s*$/, '').replace(/^#+\s*/, ''))
    .replace(/:[a-z0-9_+-]+:/g, '')
    .replace(/^\([A-Z]{1,3}\)\s*/, '')
    .trim()
    .slice(0, 120);
}

function labelOf(itemText: string): string {
  const link = parseLeadingLink(itemText);
  return cleanLabel(link ? link.text : itemText);
}

function columns(ws: string): number {
  let col = 0;
  for (const ch of ws) col = ch === '\t' ? col + 4 - (col % 4) : col + 1;
  return col;
}

const HEADING = /^ {0,3}(#{1,6})\s+(.*)$/;
const BULLET = /^([ \t]*)(?:[*+-]|\d{1,3}[.)])[ \t]+(.*)$/;
const RULE = /^\s*([*_-])(\s*\1){2,}\s*$/;
const DETAILS = /<details\b[^>]*>|<\/details\s*>|<summary\b[^>]*>([\s\S]*?)<\/summary\s*>/gi;

/**
 * Split markdown into list items with their heading/parent context. Skips fenced code and HTML comments;
 * `<details>` summaries act as sub-headings; a bullet's parents are the open items indented less than it.
 */
export function scanMarkdown(content: string): Scan {
  const lines = content.split(/\r?\n/);
  const headings: string[] = [];
  const details: string[] = [];
  let stack: { indent: number; block: Block }[] = [];
  const blocks: Block[] = [];
  let current: Block | null = null;
  let inFence = false;
  let inComment = false;
  let firstHeading: { level: number; text: string } | null = null;
  let h1Count = 0;

  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i] ?? '';
    if (inComment) {
      const end = raw.indexOf('-->');
      if (end < 0) continue;
      raw = raw.slice(end + 3);
      inComment = false;
    }
    raw = raw.replace(/<!--[\s\S]*?-->/g, '');
    if (raw.includes('<!--')) {
      raw = raw.slice(0, raw.indexOf('<!--'));
      inComment = true;
    }
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      current = null;
      continue;
    }
    if (inFence) continue;
    if (/<\/?details\b|<summary\b/i.test(raw)) {
      for (const m of raw.matchAll(DETAILS)) {
        if (m[0].startsWith('</')) details.pop();
        else if (m[0].toLowerCase().startsWith('<details')) details.push('');
        else if (details.length > 0) details[details.length - 1] = cleanLabel(m[1] ?? '');
        else details.push(cleanLabel(m[1] ?? ''));
      }
      stack = [];
      current = null;
      raw = raw.replace(DETAILS, '');
    }
    if (!raw.trim() || RULE.test(raw)) {
      current = null;
      continue;
    }
    const h = HEADING.exec(raw);
    if (h) {
      const level = (h[1] ?? '#').length;
      const text = cleanLabel(h[2] ?? '');
      firstHeading ??= { level, text };
      if (level === 1) h1Count++;
      headings.length = Math.min(headings.length, level - 1);
      while (headings.length < level - 1) headings.push('');
      headings.push(text);
      stack = [];
      current = null;
      continue;
    }
    const b = BULLET.exec(raw);
    if (b) {
      const indent = columns(b[1] ?? '');
      while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
      const context = [...headings, ...details, ...stack.map((s) => labelOf(s.block.text))];
      current = { line: i + 1, indent, text: (b[2] ?? '').trim(), context };
      blocks.push(current);
      stack.push({ indent, block: current });
      continue;
    }
    if (current && !/^\s*</.test(raw)) current.text = `${current.text} ${raw.trim()}`;
    else {
      current = null;
      if (!/^\s/.test(raw)) stack = [];
    }
  }
  const title = firstHeading?.level === 1 && h1Count === 1 ? firstHeading.text : null;
  for (const block of blocks) block.context = block.context.filter((c) => c && c !== title && !GENERIC.test(c));
  return { title, blocks };
}
