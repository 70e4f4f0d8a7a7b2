import { describe, it, expect } from 'vitest';
import { parseCatalogFile } from '../../../src/pipeline/catalog/import/index';
import type { ImportOptions, ImportReport } from '../../../src/pipeline/catalog/import/index';

const md = (text: string, opts: Partial<ImportOptions> = {}): ImportReport =>
  parseCatalogFile(text, { format: 'markdown', origin: 'synthetic.md', ...opts });
const titles = (r: ImportReport) => r.entries.map((e) => e.title);

describe('markdown quirks (synthetic)', () => {
  it('accepts * - + and numbered bullets', () => {
    const r = md(['## Physics', '* [Star Book](https://a.org/1)', '- [Dash Book](https://a.org/2)', '+ [Plus Book](https://a.org/3)', '1. [Numbered Book](https://a.org/4)'].join('\n'));
    expect(titles(r)).toEqual(['Star Book', 'Dash Book', 'Plus Book', 'Numbered Book']);
    expect(r.entries.every((e) => e.subjects[0] === 'physics')).toBe(true);
  });

  it('takes subjects from the nearest heading of the ##/###/#### chain', () => {
    const r = md(
      [
        '## Mathematics',
        '* [General Notes](https://m.org/0)',
        '### Linear Algebra',
        '* [Matrix Book](https://m.org/1)',
        '#### Numerical Linear Algebra',
        '* [Numerics](https://m.org/2)',
        '## Chemistry',
        '* [Chem Book](https://c.org/1)',
        '## Assorted',
        '* [Unplaced](https://x.org/1)',
      ].join('\n'),
    );
    const subjects = Object.fromEntries(r.entries.map((e) => [e.title, e.subjects]));
    expect(subjects).toEqual({
      'General Notes': ['mathematics'],
      'Matrix Book': ['linear-algebra', 'mathematics'],
      Numerics: ['linear-algebra', 'mathematics'],
      'Chem Book': ['chemistry'],
    });
    expect(r.rejected).toEqual([{ line: 10, url: 'https://x.org/1', reason: 'no mappable subject (headings: Assorted)' }]);
    expect(r.entries[2]?.description).toBe('Numerics. Listed under Mathematics > Linear Algebra > Numerical Linear Algebra.');
    expect(r.entries[2]?.topics.slice(0, 3)).toEqual(['numerical linear algebra', 'linear algebra', 'mathematics']);
  });

  it('uses the file default when no heading maps, and the caller may override it', () => {
    expect(md('## Misc\n* [Thing](https://x.org/1)', { origin: 'cs-video-courses-README.md' }).entries[0]).toMatchObject({ subjects: ['computer-science'], type: 'video' });
    expect(md('## Misc\n* [Thing](https://x.org/1)', { defaultSubjects: ['economics'], defaultType: 'reference' }).entries[0]).toMatchObject({ subjects: ['economics'], type: 'reference' });
    // inferred from the document title when the file is not a known list
    expect(md('# Free Economics Books\n\n## Misc\n* [Thing](https://x.org/1)', { origin: 'list.md' }).entries[0]).toMatchObject({ subjects: ['economics'], type: 'textbook' });
  });

  it('unescapes \\[ \\] \\| in link text and allows nested brackets', () => {
    const r = md(['## Python', '* [Course \\[FULL\\] \\| Part 1](https://y.org/1)', '* [[Beginner] Make a Game](https://y.org/2)', '* [CS 61A [Python], Berkeley](https://y.org/3)'].join('\n'));
    expect(titles(r)).toEqual(['Course [FULL] | Part 1', '[Beginner] Make a Game', 'CS 61A [Python], Berkeley']);
  });

  it('splits notes after the link: authors, formats, flags, licence', () => {
    const r = md(
      [
        '### Algorithms',
        '* [Algo Book](https://b.org/algo.pdf) - Jane Q. Doe, John van der Berg (PDF, EPUB) *(:card_file_box: archived)* (CC BY-SA 4.0)',
        '* [Reg Book](https://b.org/reg) - Ann Lee *(email address *requires*)*',
        '* [Prose](https://b.org/prose) - A free, self-paced introduction to algorithms.',
        '* [Channel](https://b.org/ch) (Udacity)',
        '* [Linked](https://b.org/main) - Steven Halim [(PDF)](https://b.org/other.pdf) ([Video](https://youtube.com/x))',
      ].join('\n'),
    );
    const [algo, reg, prose, channel, linked] = r.entries;
    expect(algo).toMatchObject({ url: 'https://b.org/algo.pdf', authors: ['Jane Q. Doe', 'John van der Berg'], license: 'CC-BY-SA-4.0' });
    expect(algo?.description).toBe('Algo Book - Jane Q. Doe, John van der Berg (PDF, EPUB) (CC BY-SA 4.0) (archived). Listed under Algorithms.');
    expect(reg).toMatchObject({ url: 'https://b.org/reg', authors: ['Ann Lee'], license: 'unverified' });
    expect(reg?.description).toContain('(email address requires)');
    expect(prose?.authors).toBeUndefined();
    expect(prose?.level).toBe('intermediate'); // the note does not set the level; the title would
    expect(channel?.authors).toEqual(['Udacity']);
    expect(linked).toMatchObject({ url: 'https://b.org/main', authors: ['Steven Halim'] });
    expect(linked?.description).toContain('Steven Halim (PDF) (Video)');
  });

  it('keeps a parent item as context for nested bullets (spaces, tabs, text and heading parents)', () => {
    const r = md(
      [
        '### Machine Learning',
        '- [Parent Course](https://p.org/) - Umbrella',
        '  - [Child Lecture 1](https://p.org/1)',
        '  - [Child Lecture 2](https://p.org/2)',
        '- #### **Deep Learning**',
        '\t- [Tab Child](https://p.org/3)',
        '- **Calculus**',
        '  - [Calc Child](https://p.org/4)',
        '- [Back at top](https://p.org/5)',
      ].join('\n'),
    );
    const desc = Object.fromEntries(r.entries.map((e) => [e.title, e.description]));
    expect(desc['Child Lecture 1']).toBe('Child Lecture 1. Listed under Machine Learning > Parent Course.');
    expect(desc['Tab Child']).toBe('Tab Child. Listed under Machine Learning > Deep Learning.');
    expect(desc['Back at top']).toBe('Back at top. Listed under Machine Learning.');
    expect(r.entries.find((e) => e.title === 'Calc Child')?.subjects).toEqual(['calculus']);
    expect(r.read).toBe(6);
  });

  it('joins a link text broken over two lines', () => {
    const r = md(['## Finance', '- [MMF1928H –', 'Pricing Theory - Toronto](https://f.org/mmf)', '- [Next](https://f.org/next)'].join('\n'));
    expect(titles(r)).toEqual(['MMF1928H – Pricing Theory - Toronto', 'Next']);
  });

  it('reads <details> blocks with their summary as a sub-heading', () => {
    const r = md(
      [
        '## Science',
        '<details><summary>Physics</summary>',
        '',
        '* [Mechanics Notes](https://d.org/1)',
        '</details>',
        '<details>',
        '<summary>Chemistry</summary>',
        '',
        '* [Reactions](https://d.org/2)',
        '',
        '</details>',
        '* [After](https://d.org/3)',
      ].join('\n'),
    );
    expect(r.entries.map((e) => [e.title, e.subjects[0]])).toEqual([
      ['Mechanics Notes', 'physics'],
      ['Reactions', 'chemistry'],
      ['After', 'physics'], // "Science" is a broad heading: physics as a last resort
    ]);
    expect(r.entries[0]?.description).toBe('Mechanics Notes. Listed under Science > Physics.');
  });

  it('skips table-of-contents anchors, badges, images, prose bullets, code and comments', () => {
    const r = md(
      [
        '# My Physics List [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)',
        '## Contents',
        '* [Mechanics](#mechanics)',
        '  * [Waves](#waves)',
        '<!-- START_TOC',
        '* [Hidden](https://h.org/1)',
        '-->',
        '## Mechanics',
        '* [![badge](https://img.shields.io/x.svg)](https://badge.example.org)',
        '* ![diagram](https://img.example.org/d.png)',
        '* Please read [the guidelines](https://github.com/x/CONTRIBUTING.md) first.',
        '```',
        '* [In code](https://code.example.org)',
        '```',
        '* [Real Book](https://r.org/book)',
      ].join('\n'),
    );
    expect(titles(r)).toEqual(['Real Book']);
    expect(r.read).toBe(1);
    expect(r.entries[0]?.subjects).toEqual(['physics']);
    expect(r.entries[0]?.topics).not.toContain('my physics list');
  });

  it('rejects non-http(s) and malformed URLs, and de-duplicates by normalised URL', () => {
    const r = md(
      [
        '## Physics',
        '* [Mail](mailto:someone@example.org)',
        '* [Relative](docs/notes.md)',
        '* [FTP](ftp://files.example.org/a.pdf)',
        '* [No host](https://)',
        '* [Local](http://localhost/x)',
        '* [First](https://www.Example.org/book/)',
        '* [Same](http://example.org/book#chapter-2)',
        '* [Route](https://app.example.org/#/g/1)',
        '* [Other route](https://app.example.org/#/g/2)',
      ].join('\n'),
    );
    expect(titles(r)).toEqual(['First', 'Route', 'Other route']);
    expect(r.entries[0]?.url).toBe('https://www.Example.org/book/');
    expect(r.rejected.map((x) => [x.line, x.reason])).toEqual([
      [2, 'not an http(s) URL (mailto:)'],
      [3, 'not an absolute http(s) URL: docs/notes.md'],
      [4, 'not an http(s) URL (ftp:)'],
      [5, 'malformed URL'],
      [6, 'malformed URL host: localhost'],
      [8, 'duplicate URL (first at line 7)'],
    ]);
    expect(r.read).toBe(9);
  });

  it('records a licence stated in the note or the URL, never the list licence', () => {
    const r = md(
      [
        '## Physics',
        '* [Open](https://o.org/1) - A. Author (CC BY)',
        '* [In URL](https://o.org/cc-by-nc-sa-4.0/book.pdf)',
        '* [MIT course](https://o.org/2) - B. Author (MIT)',
        '* [Plain](https://o.org/3)',
      ].join('\n'),
      { defaultLicense: 'free-access' },
    );
    expect(r.entries.map((e) => e.license)).toEqual(['CC-BY-4.0', 'CC-BY-NC-SA-4.0', 'free-access', 'free-access']);
  });

  it('clips and pads fields to the schema', () => {
    const long = 'Very Long Title '.repeat(30).trim();
    const r = md(`## Physics\n* [${long}](https://l.org/1) - ${'word '.repeat(200)}\n* [Go](https://go.dev)`);
    const [a, b] = r.entries;
    expect(a?.title.length).toBeLessThanOrEqual(300);
    expect(a?.description.length).toBeLessThanOrEqual(600);
    expect(b?.title).toBe('Go (go.dev)');
    expect(b?.topics.length).toBeGreaterThanOrEqual(1);
  });

  it('sets the level from title or heading words', () => {
    const r = md(['## Physics', '* [Introduction to Mechanics](https://v.org/1)', '* [Advanced Field Theory](https://v.org/2)', '* [Mechanics](https://v.org/3)', '### Graduate Courses', '* [Field Theory](https://v.org/4)'].join('\n'));
    expect(r.entries.map((e) => e.level)).toEqual(['introductory', 'advanced', 'intermediate', 'advanced']);
  });
});
