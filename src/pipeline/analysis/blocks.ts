/**
 * The document model every reader (HTML, Markdown/Hugo, plain text, PDF text) produces, so that the textbook
 * and schedule extractors work the same way on all of them.
 */

export interface Table {
  /** Header cell texts, empty when the table has no header row. */
  header: string[];
  /** Body rows; each cell is plain text. A row with one non-empty cell spanning the table is a group row. */
  rows: TableRow[];
}

export interface TableRow {
  cells: string[];
  /** True when the row is a single cell spanning the table (a unit or part title). */
  spanning: boolean;
}

export interface ListItem {
  /** The item's own text, without nested lists. */
  text: string;
  /** 0 for top-level items. */
  depth: number;
}

export type Block =
  | { kind: 'heading'; level: number; text: string; id: string | null }
  /** Paragraph text; lines kept; emphasis kept as `*...*` so the textbook parser can spot titles. */
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: ListItem[] }
  | { kind: 'table'; table: Table };

/** A heading together with the blocks that follow it up to the next heading of the same or a higher level. */
export interface Section {
  heading: string | null;
  id: string | null;
  blocks: Block[];
}

/** Groups blocks by heading. Blocks before the first heading form a section with a null heading. */
export function sectionsOf(blocks: readonly Block[]): Section[] {
  const out: Section[] = [];
  let cur: Section = { heading: null, id: null, blocks: [] };
  for (const b of blocks) {
    if (b.kind === 'heading') {
      if (cur.heading !== null || cur.blocks.length > 0) out.push(cur);
      cur = { heading: b.text, id: b.id, blocks: [] };
    } else {
      cur.blocks.push(b);
    }
  }
  if (cur.heading !== null || cur.blocks.length > 0) out.push(cur);
  return out;
}
