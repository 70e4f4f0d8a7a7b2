import { describe, it, expect } from 'vitest';
import { CatalogEntry } from '../../../src/pipeline/catalog/entry';
import { detectCsvMapping, GENERIC_CSV_MAPPING, OCW_OER_MAPPING, parseCatalogFile } from '../../../src/pipeline/catalog/import/index';
import type { CsvMapping } from '../../../src/pipeline/catalog/import/index';
import { importList, LISTS, readList } from './fixtures';

describe('OCW OER export (real file, 2,590 courses)', () => {
  const report = importList(LISTS.ocw);

  it('reads every data row and accepts at least 2,500 of them', () => {
    console.log(`[ocw] read=${report.read} accepted=${report.accepted} rejected=${report.rejected.length}`);
    expect(report.format).toBe('csv');
    expect(report.read).toBe(2590);
    expect(report.accepted).toBeGreaterThanOrEqual(2500);
    expect(report.accepted + report.rejected.length).toBe(report.read);
  });

  it('records the row licence (CC BY-NC-SA 4.0) and keeps ocw.mit.edu course URLs', () => {
    const odd = report.entries.filter(
      (e) =>
        e.license !== 'CC-BY-NC-SA-4.0' ||
        !/^https:\/\/ocw\.mit\.edu\/courses\/[a-z0-9-]+$/.test(e.url) ||
        e.provider !== 'MIT OpenCourseWare' ||
        e.type !== 'course' ||
        e.origin !== LISTS.ocw,
    );
    expect(odd).toEqual([]);
  });

  it('does not break rows at the 640 embedded newlines', () => {
    const lines = readList(LISTS.ocw).split('\n').length;
    expect(lines).toBeGreaterThan(4000); // many more physical lines than records
    const pre701 = report.entries.find((e) => e.url.endsWith('res-7-001-pre-7-01-getting-up-to-speed-in-biology-summer-2019'));
    expect(pre701?.title).toBe('Pre-7.01: Getting up to Speed in Biology');
    // text from the abstract's second physical line, joined into one description
    expect(pre701?.description).toContain('Building with DNA. Go to OCW’s Open Learning Library site');
    expect(pre701?.description).not.toMatch(/\n/);
    const next = report.entries[report.entries.indexOf(pre701 as CatalogEntry) + 1];
    expect(next?.title).toBe('Exploring Sea, Space, & Earth: Fundamentals of Engineering Design');
    // the 6.013 row's abstract ends in an "Acknowledgments" paragraph after a newline
    const em = report.entries.find((e) => e.url.endsWith('6-013-electromagnetics-and-applications-fall-2005'));
    expect(em?.subjects).toEqual(expect.arrayContaining(['physics', 'electrical-engineering']));
  });

  it('rejects only rows with no subject or keyword at all (test courses), with their line', () => {
    expect(report.rejected.length).toBe(16);
    for (const r of report.rejected) {
      expect(r.reason).toMatch(/^no mappable subject/);
      expect(r.line).toBeGreaterThan(1);
    }
    const line = report.rejected[0]?.line ?? 0;
    expect(readList(LISTS.ocw).split('\n')[line - 1]).toMatch(/^[^,]+,https:\/\/ocw\.mit\.edu\//);
  });

  it('maps subjects, authors, level and topics of known courses', () => {
    const intro = report.entries.find((e) => e.url.endsWith('6-0001-introduction-to-computer-science-and-programming-in-python-fall-2016'));
    expect(intro?.subjects).toEqual(['computer-science', 'programming']);
    expect(intro?.authors).toEqual(['Ana Bell', 'Eric Grimson', 'John Guttag']);
    expect(intro?.level).toBe('introductory');
    expect(intro?.topics).toContain('algorithms and data structures');
    const prob = report.entries.find((e) => e.url.endsWith('18-05-introduction-to-probability-and-statistics-spring-2014'));
    expect(prob?.subjects).toContain('statistics');
    const uncertainty = report.entries.find((e) => e.url.endsWith('1-010-uncertainty-in-engineering-fall-2008'));
    expect(uncertainty?.subjects).toEqual(expect.arrayContaining(['statistics', 'civil-engineering']));
    const chem = report.entries.find((e) => e.url.endsWith('5-112-principles-of-chemical-science-fall-2005'));
    expect(chem?.subjects).toEqual(['chemistry']);
  });

  it('produces only schema-valid entries with unique ids', () => {
    expect(report.entries.filter((e) => !CatalogEntry.safeParse(e).success)).toEqual([]);
    expect(new Set(report.entries.map((e) => e.id)).size).toBe(report.entries.length);
  });

  it('detects the OCW preset from the header', () => {
    const header = readList(LISTS.ocw).split('\n', 1)[0]?.split(',') ?? [];
    expect(detectCsvMapping(header)).toBe(OCW_OER_MAPPING);
  });
});

describe('generic CSV', () => {
  const csv = [
    'title,url,type,license,subjects,level,topics,description',
    'Calculus Volume 1,https://openstax.org/details/books/calculus-volume-1,textbook,CC BY-NC-SA 4.0,calculus|mathematics,introductory,limits;derivatives,"Limits, derivatives and integrals,',
    'with a newline inside the quotes."',
    'Physics Lectures,https://www.youtube.com/playlist?list=PL1,lecture videos,,Physics,Graduate,mechanics,Recorded lectures on mechanics.',
    'Mystery,ftp://example.org/file.pdf,,,physics,,,Not an http link at all.',
    'Calculus again,https://OpenStax.org/details/books/calculus-volume-1/#toc,textbook,,calculus,,,Duplicate of the first row.',
    'No subject,https://example.org/x,,,,,,Nothing maps here.',
  ].join('\n');

  it('auto-detects the generic header and maps every column', () => {
    const r = parseCatalogFile(csv, { format: 'csv', origin: 'generic.csv' });
    console.log(`[generic csv] read=${r.read} accepted=${r.accepted} rejected=${r.rejected.length}`);
    expect(r.read).toBe(5);
    expect(r.accepted).toBe(2);
    const [calc, phys] = r.entries;
    expect(calc).toMatchObject({
      title: 'Calculus Volume 1',
      type: 'textbook',
      license: 'CC-BY-NC-SA-4.0',
      subjects: ['calculus', 'mathematics'],
      level: 'introductory',
      provider: 'OpenStax',
      origin: 'generic.csv',
    });
    expect(calc?.topics.slice(0, 2)).toEqual(['limits', 'derivatives']);
    expect(calc?.description).toBe('Limits, derivatives and integrals, with a newline inside the quotes.');
    expect(phys).toMatchObject({ type: 'video', subjects: ['physics'], level: 'advanced', license: 'unverified', provider: 'YouTube' });
    expect(r.rejected.map((x) => [x.line, x.reason.split(' (')[0]])).toEqual([
      [5, 'not an http(s) URL'],
      [6, 'duplicate URL'],
      [7, 'no mappable subject'],
    ]);
  });

  it('maps material-type texts to resource types', () => {
    const rows = ['Full Course', 'Lecture Notes', 'Problem Sets', 'Video Lectures', 'Textbook', 'Assessment', 'Reference Material', 'Tutorial', 'lecture_notes', 'Interactive'];
    const text = ['title,url,type,subjects', ...rows.map((t, i) => `Item ${i},https://t.org/${i},${t},physics`)].join('\n');
    const r = parseCatalogFile(text, { format: 'csv', origin: 'types.csv' });
    expect(r.entries.map((e) => e.type)).toEqual(['course', 'lecture_notes', 'problem_set', 'video', 'textbook', 'practice_exam', 'reference', 'tutorial', 'lecture_notes', 'course']);
  });

  it('uses defaultLicense for rows without a recognisable licence', () => {
    const r = parseCatalogFile(csv, { format: 'csv', origin: 'generic.csv', defaultLicense: 'free-access' });
    expect(r.entries.map((e) => e.license)).toEqual(['CC-BY-NC-SA-4.0', 'free-access']);
  });

  it('accepts a custom column mapping', () => {
    const custom: CsvMapping = {
      name: 'library-export',
      columns: { title: 'Name', url: 'Link', subjects: 'Area', authors: 'Writers', license: 'Rights', description: 'Blurb', level: 'Audience' },
      separator: '/',
      authorsLastFirst: true,
      defaultType: 'textbook',
    };
    const text = [
      'Name,Link,Area,Writers,Rights,Blurb,Audience',
      'Think Stats,https://greenteapress.com/thinkstats/,Statistics/Computer Science,"Downey, Allen",CC BY-NC-SA 4.0,Probability and statistics for programmers.,undergraduate',
    ].join('\n');
    const r = parseCatalogFile(text, { format: 'csv', origin: 'library.csv', csvMapping: custom });
    expect(r.accepted).toBe(1);
    expect(r.entries[0]).toMatchObject({
      title: 'Think Stats',
      type: 'textbook',
      subjects: ['statistics', 'computer-science'],
      authors: ['Allen Downey'],
      license: 'CC-BY-NC-SA-4.0',
      level: 'intermediate',
      topics: expect.arrayContaining(['statistics', 'computer science']) as string[],
    });
  });

  it('reports a header it cannot map instead of guessing', () => {
    const r = parseCatalogFile('name,link\nX,https://example.org\n', { format: 'csv', origin: 'odd.csv' });
    expect(r.read).toBe(0);
    expect(r.rejected[0]?.reason).toMatch(/unrecognised CSV header/);
    const missing = parseCatalogFile('name,link\nX,https://example.org\n', { format: 'csv', origin: 'odd.csv', csvMapping: GENERIC_CSV_MAPPING });
    expect(missing.rejected[0]?.reason).toMatch(/lacks required column/);
  });
});
