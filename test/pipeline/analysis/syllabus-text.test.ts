import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseSyllabusText } from '../../../src/pipeline/analysis';
import { COURSES_DIR, inOrderCoverage, readManifest } from './helpers';

/** What a student would paste: the syllabus file, then the calendar (or readings) file. */
function pasted(slug: string): string {
  return ['syllabus.md', 'calendar.md']
    .map((f) => join(COURSES_DIR, slug, f))
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p, 'utf8'))
    .join('\n\n');
}

describe('analyseSyllabusText on the OCW Hugo Markdown files', () => {
  it('6.0001: number and title from the course description, Guttag textbook, lecture topics from the calendar table', async () => {
    const m = await readManifest('mit-6-0001-fall-2016');
    const f = analyseSyllabusText(pasted('mit-6-0001-fall-2016'));
    expect(f.courseNumber).toBe(m.course_number);
    expect(f.title).toBe(m.title);
    expect(f.term).toBeNull(); // the syllabus text never names the term
    expect(f.textbook).toEqual({
      title: m.textbook?.title,
      authors: ['John Guttag'],
      edition: 'Second Edition',
      publisher: 'MIT Press',
      year: 2016,
      isbn: '9780262529624',
    });
    expect(f.scheduleSource).toBe('table');
    expect(f.topics).toEqual(m.topics);
  });

  it('18.05: no assigned textbook, 23 class topics from the calendar, studios/exams/reviews left out', async () => {
    const m = await readManifest('mit-18-05-spring-2022');
    const f = analyseSyllabusText(pasted('mit-18-05-spring-2022'));
    expect(f.textbook).toBeNull();
    expect(f.noTextbook).toBe(true);
    // no course number is written in these files; in particular the 18.02 prerequisite is not taken for it
    expect(f.courseNumber).toBeNull();
    expect(f.title).toBeNull();
    expect(inOrderCoverage(m.topics, f.topics)).toBeGreaterThanOrEqual(0.8);
    expect(f.topics).toEqual(m.topics);
    expect(f.groups[0]).toEqual({ title: 'Week 1', topics: ['Counting', 'Probability Basics'] });
    for (const s of m.sessions.filter((x) => x.kind !== 'lecture')) {
      if (!m.topics.includes(s.topic)) expect(f.topics).not.toContain(s.topic);
    }
  });

  it('1.010: Ang & Tang textbook from the Textbook section, 24 lecture topics (recitations and review left out)', async () => {
    const m = await readManifest('mit-1-010-fall-2008');
    const f = analyseSyllabusText(pasted('mit-1-010-fall-2008'));
    expect(f.textbook?.title).toBe(m.textbook?.title);
    expect(f.textbook?.authors).toEqual(m.textbook?.authors);
    expect(f.textbook?.isbn).toBe(m.textbook?.isbn);
    expect(f.textbook?.edition).toBe(m.textbook?.edition);
    expect(f.textbook?.publisher).toBe(m.textbook?.publisher);
    expect(f.textbook?.year).toBe(m.textbook?.year);
    expect(f.topics).toEqual(m.topics);
    expect(f.topics).not.toContain('Pre-final review');
    expect(f.groups.map((g) => g.title)[0]).toBe('Events, their probability, and two important theorems');
  });

  it('6.0001 readings.md alone: textbook and topics as written on that page', async () => {
    const m = await readManifest('mit-6-0001-fall-2016');
    const f = analyseSyllabusText(readFileSync(join(COURSES_DIR, 'mit-6-0001-fall-2016', 'readings.md'), 'utf8'));
    expect(f.textbook?.isbn).toBe('9780262529624');
    expect(f.textbook?.authors).toEqual(['John Guttag']);
    expect(inOrderCoverage(m.topics, f.topics)).toBeGreaterThanOrEqual(0.8);
  });

  it('key phrases are deterministic and topical', () => {
    const text = pasted('mit-1-010-fall-2008');
    const a = analyseSyllabusText(text);
    const b = analyseSyllabusText(text);
    expect(b).toEqual(a);
    expect(a.keyPhrases.length).toBeGreaterThan(5);
    expect(a.keyPhrases).toContain('random variables');
  });

  it('plain pasted text: header line, textbook label, week lines', () => {
    const f = analyseSyllabusText(
      [
        'CS 61A: Structure and Interpretation of Computer Programs',
        'Spring 2020 - University of California, Berkeley',
        '',
        'Required text: Composing Programs by John DeNero',
        '',
        'Week 1: Functions',
        'Week 2: Higher-Order Functions',
        'Week 3: Recursion',
        'Week 4: Midterm 1',
        'Week 5: Data Abstraction',
      ].join('\n'),
    );
    expect(f.courseNumber).toBe('CS 61A');
    expect(f.title).toBe('Structure and Interpretation of Computer Programs');
    expect(f.term).toBe('Spring 2020');
    expect(f.university).toBe('University of California, Berkeley');
    expect(f.textbook?.title).toBe('Composing Programs');
    expect(f.textbook?.authors).toEqual(['John DeNero']);
    expect(f.topics).toEqual(['Functions', 'Higher-Order Functions', 'Recursion', 'Data Abstraction']);
  });

  it('markdown with a multi-line textbook and chapter headings with sub-bullets', () => {
    const f = analyseSyllabusText(
      [
        '# STAT 110 Probability',
        '',
        '## Textbook',
        '',
        'Introduction to Probability',
        'Joseph K. Blitzstein and Jessica Hwang',
        'CRC Press, 2nd edition, 2019',
        'ISBN 978-1-138-36991-7',
        '',
        '## Schedule',
        '',
        '### Chapter 1 - Probability and counting',
        '- Sample spaces',
        '- Naive definition of probability',
        '### Chapter 2 - Conditional probability',
        '- Bayes rule',
        '### Chapter 3 - Random variables',
      ].join('\n'),
    );
    expect(f.courseNumber).toBe('STAT 110');
    expect(f.title).toBe('Probability');
    expect(f.textbook).toEqual({
      title: 'Introduction to Probability',
      authors: ['Joseph K. Blitzstein', 'Jessica Hwang'],
      edition: '2nd edition',
      publisher: 'CRC Press',
      year: 2019,
      isbn: '9781138369917',
    });
    expect(f.topics).toEqual(['Probability and counting', 'Conditional probability', 'Random variables']);
    expect(f.chapters[0]).toEqual({ title: 'Probability and counting', topics: ['Sample spaces', 'Naive definition of probability'] });
  });
});
