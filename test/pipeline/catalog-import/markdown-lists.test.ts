import { describe, it, expect } from 'vitest';
import { CatalogEntry } from '../../../src/pipeline/catalog/entry';
import { parseCatalogFile } from '../../../src/pipeline/catalog/import/index';
import type { ImportReport } from '../../../src/pipeline/catalog/import/index';
import { importList, LISTS, readList } from './fixtures';

/**
 * Entry counts from SOURCES.md. Those were taken line by line ("bullets whose first link is http(s)").
 * The importer counts bullets that *start* with a link, joins a link split over two lines, and reads
 * link texts with unescaped nested brackets (`[CS 61A … [Python] …]`), so `read` may differ by a few
 * (cs-video: its two prose bullets in "Introduction" are not entries; one course title spans two lines).
 * Every other drop must be a reported duplicate URL, so `accepted = read - duplicates` exactly.
 */
const EXPECTED: [file: string, sourcesCount: number][] = [
  [LISTS.science, 139],
  [LISTS.math, 369],
  [LISTS.video, 1383],
  [LISTS.books, 829],
  [LISTS.courses, 1382],
];
const READ_TOLERANCE = 3;

const byTitle = (r: ImportReport, title: string) => r.entries.filter((e) => e.title === title);
const one = (r: ImportReport, title: string) => {
  const found = byTitle(r, title);
  expect(found, title).toHaveLength(1);
  return found[0] as CatalogEntry;
};

describe('markdown lists (real files): counts', () => {
  it.each(EXPECTED)('%s: accepted ≈ SOURCES.md count, every drop explained', (file, sourcesCount) => {
    const r = importList(file);
    const duplicates = r.rejected.filter((x) => x.reason.startsWith('duplicate URL')).length;
    console.log(`[${file}] SOURCES=${sourcesCount} read=${r.read} accepted=${r.accepted} rejected=${r.rejected.length} (duplicates=${duplicates})`);
    expect(r.format).toBe('markdown');
    expect(Math.abs(r.read - sourcesCount)).toBeLessThanOrEqual(READ_TOLERANCE);
    expect(r.accepted).toBe(r.read - r.rejected.length);
    expect(r.rejected.map((x) => x.reason.split(' (')[0])).toEqual(Array(r.rejected.length).fill('duplicate URL'));
    expect(duplicates).toBeLessThanOrEqual(sourcesCount * 0.02);
    expect(r.entries.filter((e) => !CatalogEntry.safeParse(e).success)).toEqual([]);
    expect(new Set(r.entries.map((e) => e.id)).size).toBe(r.accepted);
    expect(r.entries.every((e) => e.origin === file && e.id.startsWith('import-'))).toBe(true);
  });

  it('keeps fragment routes that identify distinct resources (CMU Panopto folders)', () => {
    const panopto = importList(LISTS.video).entries.filter((e) => e.url.startsWith('https://scs.hosted.panopto.com/Panopto/Pages/Sessions/List.aspx#folderID='));
    // dropping every fragment would merge these 6 different courses into one
    expect(panopto).toHaveLength(6);
  });

  it('rejected duplicates carry the line of both copies', () => {
    const r = importList(LISTS.video);
    const dup = r.rejected.find((x) => x.url === 'http://uvadlc.github.io/#lecture');
    expect(dup).toMatchObject({ line: 595, reason: 'duplicate URL (first at line 588)' });
    expect(readList(LISTS.video).split('\n')[594]).toContain('UVA DEEP LEARNING COURSE');
  });
});

describe('markdown lists (real files): content', () => {
  it('headings become subjects: physics-section books get physics', () => {
    const r = importList(LISTS.science);
    const physics = r.entries.filter((e) => e.description.endsWith('Listed under Science (General) > Physics.'));
    expect(physics).toHaveLength(37);
    expect(physics.every((e) => e.subjects.includes('physics'))).toBe(true);
    expect(one(r, 'Light and Matter')).toMatchObject({ subjects: ['physics'], authors: ['Benjamin Crowell'], type: 'textbook' });
    expect(one(r, 'Microbiology').subjects).toEqual(['microbiology']);
    expect(one(r, 'Nursing as Caring: A Model for Transforming Practice (1993)').subjects).toEqual(['nursing', 'medicine']);
    // a "(BF) Psychology" book does not inherit philosophy/religion from "# (B) PHILOSOPHY, PSYCHOLOGY, RELIGION"
    expect(one(r, 'ePsych').subjects).toEqual(['psychology']);
    // title words refine within the heading's family
    expect(one(r, 'A First Course in Linear Algebra').subjects).toEqual(['mathematics', 'linear-algebra']);
  });

  it('unescapes escaped brackets and pipes in titles and keeps nested brackets', () => {
    const r = importList(LISTS.courses);
    expect(one(r, 'Docker Tutorial for Beginners [FULL COURSE in 3 Hours]').url).toBe('https://www.youtube.com/watch?v=3c-iBn73dDE');
    expect(one(r, 'Python Tutorial for Beginners - Learn Python in 5 Hours [FULL COURSE]').authors).toEqual(['Nana Janashia']);
    expect(byTitle(r, 'Data Structures | Python')).toHaveLength(1);
    expect(one(r, '[Introductory]Integration with Ballerina').subjects).toEqual(['programming']);
    expect(r.entries.some((e) => /\\[[\]|]/.test(e.title))).toBe(false);
    const video = importList(LISTS.video);
    expect(one(video, 'CS 61A - Structure and Interpretation of Computer Programs [Python], UC Berkeley').url).toBe('https://cs61a.org/');
  });

  it('keeps notes after the link out of URLs', () => {
    const balanced = (url: string) => [...url].reduce((depth, ch) => (depth < 0 ? depth : depth + (ch === '(' ? 1 : ch === ')' ? -1 : 0)), 0) === 0;
    for (const file of [LISTS.science, LISTS.math, LISTS.video, LISTS.books, LISTS.courses]) {
      const bad = importList(file).entries.filter((e) => /\s|\]\(|\*|\) [-(]/.test(e.url) || !balanced(e.url));
      expect(bad).toEqual([]);
    }
    const books = importList(LISTS.books);
    const guide = one(books, 'A Field Guide To Genetic Programming');
    expect(guide.url).toBe('https://web.archive.org/web/20191020195105/http://www0.cs.ucl.ac.uk/staff/W.Langdon/ftp/papers/poli08_fieldguide.pdf');
    expect(guide).toMatchObject({ license: 'CC-BY-NC-ND-4.0', authors: ['Riccardo Poli', 'William B. Langdon', 'Nicholas F. McPhee'] });
    expect(guide.description).toContain('(archived)');
    // balanced parentheses inside a URL stay in it; the note's own links do not
    const cqrs = one(books, 'Exploring CQRS and Event Sourcing');
    expect(cqrs.url).toBe('https://docs.microsoft.com/en-us/previous-versions/msp-n-p/jj554200(v=pandp.10)');
    expect(cqrs.description).toContain('(EPUB, PDF - code samples)');
    // " | [Video Playlist](…)" and " ([YouTube](…))" after a cs-video link
    const video = importList(LISTS.video);
    expect(one(video, 'COMP6991 - Rust Programming - UNSW (2022)').url).toBe('https://cgi.cse.unsw.edu.au/~cs6991/22T2/');
  });

  it('parses nested bullets with their parent as context', () => {
    const video = importList(LISTS.video);
    const os = one(video, 'Gatech CS6200 Intro to OS');
    expect(os.description).toContain('Listed under Systems Programming > Operating Systems.');
    expect(os.topics).toContain('operating systems');
    // tab-indented children of a bold "- **Game Development**" bullet
    const game = one(video, "CS50's Introduction to Game Development");
    expect(game.description).toContain('Listed under Game Development.'); // "Misc" is a generic heading
    expect(one(video, 'Statistics 110 - Probability - Harvard University').subjects).toContain('statistics');
    // a plain-text parent bullet
    expect(one(video, '2012 Lectures').description).toContain('Oregon Programming Languages Summer School');
    // a link text broken over two lines is one entry
    const mmf = video.entries.find((e) => e.title.startsWith('MMF1928H / STA 2503F – Pricing Theory I'));
    expect(mmf?.url).toBe('http://www.utstat.toronto.edu/sjaimung/courses/mmf1928/content2013.htm');
    const math = importList(LISTS.math);
    const calc = one(math, 'Calculus 1');
    expect(calc).toMatchObject({ type: 'video', subjects: ['mathematics', 'calculus'] });
    expect(calc.description).toContain('Video Courses and Series > Professor Leonard');
  });

  it('skips table-of-contents anchors and badges', () => {
    const math = importList(LISTS.math);
    expect(math.read).toBe(369); // 438 bullets, 69 of them TOC anchors
    expect(math.entries.some((e) => e.url.includes('awesome.re'))).toBe(false);
    // titles that exist only as table-of-contents bullets
    const tocOnly = ['Start Here', 'Community and Further Reading', 'Interdisciplinary Mathematics'];
    expect(math.entries.filter((e) => tocOnly.includes(e.title))).toEqual([]);
    expect(importList(LISTS.books).entries.filter((e) => e.title === 'Version Control Systems')).toEqual([]);
    expect(importList(LISTS.courses).entries.filter((e) => e.title === '0 - MOOC')).toEqual([]);
  });

  it('records a licence only when the entry states one', () => {
    const books = importList(LISTS.books);
    const licensed = books.entries.filter((e) => e.license !== 'unverified');
    expect(licensed.length).toBeGreaterThanOrEqual(47);
    expect(one(books, 'Grokking Bitcoin').license).toBe('CC-BY-NC-SA-4.0'); // `(CC BY-NC-SA)` in backticks
    expect(one(books, 'Julia Data Science').license).toBe('CC-BY-NC-SA-4.0');
    expect(one(books, 'GNU Emacs Manual').license).toBe('GFDL-1.3');
    // "(MIT)" names the institute, not a licence
    expect(one(importList(LISTS.courses), 'The Missing Semester of Your CS Education').license).toBe('unverified');
    // the CC0 licence of free-science-books is the list's, not the books'
    expect(importList(LISTS.science).entries.every((e) => e.license === 'unverified')).toBe(true);
    const withDefault = parseCatalogFile(readList(LISTS.science), { format: 'markdown', origin: LISTS.science, defaultLicense: 'free-access' });
    expect(withDefault.entries.every((e) => e.license === 'free-access')).toBe(true);
  });

  it('assigns list defaults: types, subjects, levels, providers', () => {
    const video = importList(LISTS.video);
    expect(video.entries.filter((e) => e.type === 'video').length).toBeGreaterThan(video.accepted * 0.95);
    expect(video.entries.every((e) => e.subjects.some((d) => ['computer-science', 'programming', 'data-science', 'artificial-intelligence'].includes(d)))).toBe(true);
    const courses = importList(LISTS.courses);
    expect(courses.entries.filter((e) => e.provider === 'YouTube').every((e) => e.type === 'video')).toBe(true);
    expect(courses.entries.filter((e) => e.provider === 'Udemy').every((e) => e.type === 'course' || e.type === 'tutorial')).toBe(true);
    const science = importList(LISTS.science);
    expect(one(science, 'Elementary Differential Equations').level).toBe('introductory');
    expect(one(science, 'Advanced Algebra').level).toBe('advanced');
    expect(one(science, 'Calculus Made Easy').provider).toBe('Project Gutenberg');
    const math = importList(LISTS.math);
    expect(one(math, 'Encyclopedia of Mathematics').type).toBe('reference');
    // paid items are kept (filtering is another stage) and their note stays in the description
    expect(one(math, 'The Princeton Companion to Mathematics').description).toContain('Paid reference edited by Timothy Gowers');
    expect(math.entries.filter((e) => e.description.includes(' - Paid ')).length).toBeGreaterThanOrEqual(10);
  });
});
