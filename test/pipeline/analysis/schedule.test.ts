import { describe, expect, it } from 'vitest';
import { chaptersFromOutline, isNonTopic, parseHugoMarkdown, parseScheduleHeading, scheduleFromBlocks, scheduleFromTable } from '../../../src/pipeline/analysis';
import type { Table } from '../../../src/pipeline/analysis';

const sched = (md: string): ReturnType<typeof scheduleFromBlocks> => scheduleFromBlocks(parseHugoMarkdown(md).blocks);

describe('parseScheduleHeading', () => {
  it.each([
    ['Week 3: Sorting', 'week', '3', 'Sorting'],
    ['Chapter 4 - Integration', 'chapter', '4', 'Integration'],
    ['Lecture 12. Hypothesis testing', 'lecture', '12', 'Hypothesis testing'],
    ['Unit 2: Forces and motion', 'unit', '2', 'Forces and motion'],
    ['Module 5 Linear Models', 'module', '5', 'Linear Models'],
    ['1. Intro', 'numbered', '1', 'Intro'],
    ['Class 5a: Variance of Discrete Variables', 'class', '5a', 'Variance of Discrete Variables'],
    ['## Week 10 – Graphs', 'week', '10', 'Graphs'],
    ['Part II: Statistics', 'part', 'II', 'Statistics'],
    ['Section 3.2 Limits', 'section', '3.2', 'Limits'],
    ['L3 Independence', 'lecture', '3', 'Independence'],
    ['Weeks 1-2: Sets', null, null, null],
  ])('%s', (line, kind, number, title) => {
    const m = parseScheduleHeading(line);
    if (kind === null) {
      expect(m === null || m.title !== null).toBe(true);
      return;
    }
    expect(m).toEqual({ kind, number, title });
  });

  it('gives a bare label without a title', () => {
    expect(parseScheduleHeading('Week 1')).toEqual({ kind: 'week', number: '1', title: null });
  });

  it.each(['1.5 hours / session', 'Class participation counts for 10%', 'Day 1 of the course is a Monday', 'Lectures: 2 sessions / week', '2. be able to use R to run simulations', 'Part of the grade', 'Python 3.5'])(
    'rejects %s',
    (line) => {
      const m = parseScheduleHeading(line);
      expect(m === null || m.title === null).toBe(true);
    },
  );
});

describe('isNonTopic', () => {
  it.each(['Exam 1', 'Final Exam', 'R Quiz', 'Midterm', 'Quiz 2', 'Review for Exam 1', 'Pre-final review', 'No class', 'Thanksgiving holiday', 'Spring Break', 'Midterm exam (in class)'])(
    'skips %s',
    (t) => expect(isNonTopic(t)).toBe(true),
  );
  it.each(['Hypothesis tests', 'Significance Testing and the Probability of Hypotheses', 'Review of linear algebra', 'Final project design', 'Bayesian Updating: Odds', 'Unit testing'])(
    'keeps %s',
    (t) => expect(isNonTopic(t)).toBe(false),
  );
});

describe('schedule tables', () => {
  const table: Table = {
    header: ['SES #', 'LECTURE TOPICS', 'TEXTBOOK READINGS', 'KEY DATES'],
    rows: [
      { cells: ['Part 1: Basics'], spanning: true },
      { cells: ['L1', 'Introduction', '1-10', ''], spanning: false },
      { cells: ['R1', 'Practice problems', '', ''], spanning: false },
      { cells: ['L2', 'Sets and events', '11-20', 'Quiz 1'], spanning: false },
      { cells: ['', 'Midterm exam', '', ''], spanning: false },
      { cells: ['L3', 'Sets and events', '', ''], spanning: false },
      { cells: ['L4', 'No class: holiday', '', ''], spanning: false },
      { cells: ['L5', 'Random variables', '', ''], spanning: false },
    ],
  };

  it('finds the topic column and classifies rows, keeping order', () => {
    const e = scheduleFromTable(table);
    expect(e?.map((x) => [x.label, x.kind, x.group])).toEqual([
      ['L1', 'lecture', 'Part 1: Basics'],
      ['R1', 'secondary', 'Part 1: Basics'],
      ['L2', 'lecture', 'Part 1: Basics'],
      [null, 'skip', 'Part 1: Basics'],
      ['L3', 'lecture', 'Part 1: Basics'],
      ['L4', 'skip', 'Part 1: Basics'],
      ['L5', 'lecture', 'Part 1: Basics'],
    ]);
    const s = scheduleFromBlocks([{ kind: 'table', table }]);
    expect(s.source).toBe('table');
    expect(s.topics).toEqual(['Introduction', 'Sets and events', 'Random variables']);
  });

  it('ignores a grading table', () => {
    expect(scheduleFromTable({ header: ['ACTIVITIES', 'PERCENTAGES'], rows: [{ cells: ['Problem sets', '30%'], spanning: false }] })).toBeNull();
  });

  it('keeps recitation rows when no row is marked as a lecture', () => {
    const s = scheduleFromBlocks([
      { kind: 'table', table: { header: ['Week', 'Topic'], rows: [{ cells: ['1', 'Sets'], spanning: false }, { cells: ['R', 'Logic'], spanning: false }] } },
    ]);
    expect(s.topics).toEqual(['Sets', 'Logic']);
  });
});

describe('schedule from text blocks', () => {
  it('week headings with bullets become chapters with subtopics', () => {
    const s = sched('## Week 1: Sorting\n\n- Insertion sort\n- Merge sort\n\n## Week 2: Graphs\n\n- BFS\n\n## Week 3: Midterm\n');
    expect(s.source).toBe('labelled');
    expect(s.chapters).toEqual([
      { title: 'Sorting', topics: ['Insertion sort', 'Merge sort'] },
      { title: 'Graphs', topics: ['BFS'] },
    ]);
  });

  it('plain lines with labels in a paragraph', () => {
    expect(sched('Lecture 1. Vectors\nLecture 2. Matrices\nLecture 3. Review for exam\nLecture 4. Eigenvalues').topics).toEqual(['Vectors', 'Matrices', 'Eigenvalues']);
  });

  it('a list under a Topics heading', () => {
    const s = sched('## Course Topics\n\n- Limits\n- Derivatives\n- Integrals\n\n## Grading\n\n- Homework\n- Exams\n');
    expect(s.source).toBe('list');
    expect(s.topics).toEqual(['Limits', 'Derivatives', 'Integrals']);
  });

  it('a run of numbered lines, as a last resort', () => {
    const s = sched('Outline of the class\n\n1. Intro\n2. Sorting\n3. Searching\n\nSee you there.');
    expect(s.source).toBe('numbered');
    expect(s.topics).toEqual(['Intro', 'Sorting', 'Searching']);
  });

  it('does not make topics of learning objectives or goals', () => {
    const s = sched('## Goals\n\n- Learn the language of probability.\n- Build a toolbox.\n\n## Objectives\n\n1. be able to count\n2. be able to simulate\n3. understand the CLT\n');
    expect(s.topics).toEqual([]);
  });

  it('outline titles lose their labels', () => {
    expect(chaptersFromOutline(['Chapter 1 - Counting', 'Chapter 2: Probability', 'Appendix A', 'Final exam'])).toEqual(['Counting', 'Probability', 'Appendix A']);
  });
});
