import { describe, expect, it } from 'vitest';
import type { CourseProfile } from '../../src/pipeline/profile';
import type { Candidate } from '../../src/pipeline/providers/provider';
import { notebookLmFormat } from '../../src/pipeline/stages/notebooklm';
import { checkHostPolicy } from '../../src/pipeline/stages/policy';
import { validate } from '../../src/pipeline/stages/validate';

const profile: CourseProfile = {
  course_title: 'Statistics', course_number: null, term: null, university: null, textbook: null,
  subjects: ['statistics', 'mathematics'], level: 'introductory', user_topics: [],
  chapters: [{ title: 'Hypothesis Testing', topics: [] }, { title: 'Linear Regression', topics: [] }], keywords: [], links: [],
};

const candidate = (over: Partial<Candidate>): Candidate => ({
  key: over.url ?? 'k', title: 'Statistics notes', url: 'https://example.edu/stats', type: 'lecture_notes', provider: 'Example U',
  description: 'Notes on hypothesis testing and regression.', subjects: ['statistics'], level: 'introductory',
  topics: ['hypothesis testing', 'linear regression'], chapters: [], authors: [], license: 'CC-BY-4.0', license_source: 'catalog entry', found_by: 'catalog',
  ...over,
});

describe('validation policy', () => {
  it('excludes sites by host, never by substring', () => {
    expect(checkHostPolicy('https://www.khanacademy.org/math', ['khanacademy.org']).ok).toBe(false);
    expect(checkHostPolicy('https://ocw.mit.edu/x', ['mit.edu']).ok).toBe(false);
    expect(checkHostPolicy('https://notkhanacademy.org/x', ['khanacademy.org']).ok).toBe(true);
    expect(checkHostPolicy('https://example.com/khanacademy.org', ['khanacademy.org']).ok).toBe(true);
  });

  it.each([
    ['https://www.chegg.com/homework-help/x', 'homework-answer'],
    ['https://www.coursehero.com/file/1', 'homework-answer'],
    ['https://quizlet.com/123/flashcards', 'homework-answer'],
    ['https://www.udemy.com/course/stats', 'paid or login-only'],
    ['https://example.edu/premium/course', 'premium'],
  ])('refuses %s (%s)', (url, why) => {
    const v = checkHostPolicy(url, []);
    expect(v.ok).toBe(false);
    expect(v.ok ? '' : v.reason).toMatch(why);
  });

  it('drops wrong-discipline, paid and duplicate candidates and records why', () => {
    const found = [
      candidate({ url: 'https://a.edu/1' }),
      candidate({ url: 'https://a.edu/2', title: 'Statistics Notes' }),
      candidate({ url: 'https://b.edu/bio', title: 'Cell biology', subjects: ['biology'], topics: ['hypothesis testing'] }),
      candidate({ url: 'https://c.edu/stats-course', title: 'Stats course', description: 'Paid course on regression' }),
      candidate({ url: 'https://d.edu/calc', title: 'Calculus drills', subjects: ['calculus', 'mathematics'] }),
    ].map((c) => ({ candidate: c, bestScore: 1, hits: 1, foundFor: [] }));
    const { kept, rejected } = validate(found, profile, [], () => undefined);
    expect(kept.map((k) => k.candidate.url)).toEqual(['https://a.edu/1']);
    const reasons = Object.fromEntries(rejected.map((r) => [r.url, r.reason]));
    expect(reasons['https://a.edu/2']).toBe('duplicate title');
    expect(reasons['https://b.edu/bio']).toMatch(/different discipline/);
    expect(reasons['https://c.edu/stats-course']).toMatch(/paid/);
    expect(reasons['https://d.edu/calc']).toMatch(/different discipline/);
    expect(kept[0]?.coverage.map((c) => c.chapter)).toEqual(['Hypothesis Testing', 'Linear Regression']);
  });

  it('records the licence as the source states it and never upgrades unverified', () => {
    const found = [candidate({ url: 'https://e.edu/x', license: 'unverified', license_source: 'catalog import (list.md)' })].map((c) => ({ candidate: c, bestScore: 1, hits: 1, foundFor: [] }));
    const { kept } = validate(found, profile, [], () => undefined);
    expect(kept[0]?.candidate.license).toBe('unverified');
    expect(kept[0]?.candidate.license_source).toBe('catalog import (list.md)');
  });

  it.each([
    ['https://www.youtube.com/playlist?list=PL1', 'youtube'],
    ['https://youtu.be/abc', 'youtube'],
    ['https://example.edu/notes/ch1.pdf', 'pdf'],
    ['https://example.edu/book.epub', 'not_compatible'],
    ['https://ocw.mit.edu/courses/18-05/', 'webpage'],
  ])('marks %s as NotebookLM %s', (url, format) => {
    expect(notebookLmFormat(url)).toBe(format);
  });
});
