import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHugoMarkdown, parseHugoTable } from '../../../src/pipeline/analysis';
import { COURSES_DIR } from './helpers';

describe('parseHugoMarkdown', () => {
  it('reads front matter, setext headings, resource links and table shortcodes (1.010 calendar.md)', () => {
    const md = readFileSync(join(COURSES_DIR, 'mit-1-010-fall-2008', 'calendar.md'), 'utf8');
    const p = parseHugoMarkdown(md);
    expect(p.frontMatter.title).toBe('Calendar');
    expect(p.frontMatter.description).toBe('This section provides the schedule of lecture topics, recitations, and key dates for the course.');
    expect(p.text).toContain('each of the lecture notes and application examples are presented');
    expect(p.text).not.toMatch(/\{\{|resource_link|tdopen/);
    const tables = p.blocks.filter((b) => b.kind === 'table');
    expect(tables).toHaveLength(1);
    const t = tables[0]?.kind === 'table' ? tables[0].table : null;
    expect(t?.header).toEqual(['SES #', 'LECTURE TOPICS', 'TEXTBOOK READINGS', 'NOTES', 'EXAMPLES', 'KEY DATES']);
    expect(t?.rows[0]).toEqual({ cells: ['Events, their probability, and two important theorems'], spanning: true });
    expect(t?.rows[1]?.cells.slice(0, 3)).toEqual(['L1', 'Introduction. Events and their properties', '27-43']);
  });

  it('reads ATX headings and lists (18.05 calendar.md)', () => {
    const p = parseHugoMarkdown(readFileSync(join(COURSES_DIR, 'mit-18-05-spring-2022', 'calendar.md'), 'utf8'));
    expect(p.blocks[0]).toEqual({ kind: 'heading', level: 2, text: 'Week 1', id: null });
    expect(p.blocks[1]).toEqual({
      kind: 'list',
      ordered: false,
      items: [
        { text: 'Class 1: Counting', depth: 0 },
        { text: 'Class 2: Probability Basics', depth: 0 },
        { text: 'Studio 1: Birthday Matches', depth: 0 },
      ],
    });
  });

  it('keeps several pasted files apart: each front matter block is removed', () => {
    const p = parseHugoMarkdown('---\ntitle: Syllabus\nuid: 1\n---\n## A\n\ntext\n\n---\ntitle: Calendar\n---\n## B\n');
    expect(p.frontMatter).toEqual({ title: 'Syllabus', uid: '1' });
    expect(p.blocks.map((b) => (b.kind === 'heading' ? b.text : b.kind))).toEqual(['A', 'paragraph', 'B']);
  });

  it('parses table shortcodes with th rows, colspan and br', () => {
    const t = parseHugoTable(
      '{{< theadopen >}}{{< tropen >}}{{< thopen >}}\nA\n{{< thclose >}}{{< thopen >}}\nB\n{{< thclose >}}{{< trclose >}}{{< theadclose >}}' +
        '{{< tropen >}}{{< tdopen colspan="2" >}}\n**Unit 1**\n{{< tdclose >}}{{< trclose >}}' +
        '{{< tropen >}}{{< tdopen >}}\n1\n{{< tdclose >}}{{< tdopen >}}\nHomework 1 due{{< br >}}Homework 2 out\n{{< tdclose >}}{{< trclose >}}',
    );
    expect(t).toEqual({
      header: ['A', 'B'],
      rows: [
        { cells: ['Unit 1'], spanning: true },
        { cells: ['1', 'Homework 1 due Homework 2 out'], spanning: false },
      ],
    });
  });

  it('reads GitHub pipe tables and nested lists', () => {
    const p = parseHugoMarkdown('| Week | Topic |\n|---|---|\n| 1 | Sets |\n| 2 | Logic |\n\n- Parent\n  - Child\n');
    expect(p.blocks[0]).toEqual({ kind: 'table', table: { header: ['Week', 'Topic'], rows: [{ cells: ['1', 'Sets'], spanning: false }, { cells: ['2', 'Logic'], spanning: false }] } });
    expect(p.blocks[1]).toEqual({ kind: 'list', ordered: false, items: [{ text: 'Parent', depth: 0 }, { text: 'Child', depth: 1 }] });
  });

  it('treats shortcodes and HTML as text to drop, never as instructions', () => {
    const p = parseHugoMarkdown('Hello {{< youtube abc >}} <script>alert(1)</script> world {{% resource_link 1234 "the notes" %}}');
    expect(p.text).toBe('Hello alert(1) world the notes');
  });
});
