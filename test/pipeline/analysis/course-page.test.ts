import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseCoursePage, MAX_LINKED_PAGES } from '../../../src/pipeline/analysis';
import { isPipelineError } from '../../../src/pipeline/errors';
import { buildPdf, inOrderCoverage, readManifest, startFixtureServer, testFetcher } from './helpers';
import type { FixtureServer } from './helpers';

const COURSES = ['mit-6-0001-fall-2016', 'mit-18-05-spring-2022', 'mit-1-010-fall-2008'] as const;
const NOT_CONTENT = /^(?:review|exam|quiz)\b|\b(?:exam|quiz)\s*\d*$|\breview\b/i;

const manyLinks = `<!DOCTYPE html><html><head><title>CS 101 Data Structures | Example University</title></head><body>
<main><h1>CS 101: Data Structures, Fall 2024</h1>
<ul>${[1, 2, 3, 4, 5, 6].map((n) => `<li><a href="lecture-${n}.html">Lecture ${n}</a></li>`).join('')}</ul>
<p><a href="https://example.org/lectures.html">Lectures elsewhere</a></p>
</main></body></html>`;

const brokenLinks = `<!DOCTYPE html><html><head><title>Syllabus</title></head><body>
<nav><a href="missing-calendar.html">Calendar</a> <a href="/mit-6-0001-fall-2016/readings.html">Readings</a></nav>
<main><h1>6.0001 Introduction to Computer Science and Programming in Python</h1>
<h2>Week 1: Computation</h2><h2>Week 2: Branching</h2></main></body></html>`;

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({
    '/extra/many-links.html': { type: 'text/html', body: manyLinks },
    ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`/extra/lecture-${n}.html`, { type: 'text/html', body: `<main><h1>Lecture ${n}</h1><ul><li>Week ${n}: Topic ${n}</li><li>Week ${n + 10}: Topic ${n + 10}</li></ul></main>` }])),
    '/extra/broken.html': { type: 'text/html', body: brokenLinks },
    '/extra/syllabus.pdf': {
      type: 'application/pdf',
      body: buildPdf(['STAT 110 Probability, Spring 2023', 'Course notes'], [{ title: 'Chapter 1 - Counting' }, { title: 'Chapter 2 - Conditional Probability' }, { title: 'Chapter 3 - Random Variables' }]),
    },
    '/extra/syllabus.txt': { type: 'text/plain', body: 'MATH 1A Calculus\nFall 2021\n\nTextbook: Calculus: Early Transcendentals by James Stewart\n\nWeek 1: Limits\nWeek 2: Derivatives\nWeek 3: Midterm exam\nWeek 4: Integrals\n' },
    '/extra/video.mp4': { type: 'video/mp4', body: 'x' },
  });
});

afterAll(async () => {
  await server.close();
});

const signal = (): AbortSignal => AbortSignal.timeout(20_000);

describe('analyseCoursePage on the OCW fixtures', () => {
  for (const slug of COURSES) {
    it(`${slug}: identity, textbook and topics match the manifest`, async () => {
      const m = await readManifest(slug);
      const asked: string[] = [];
      const facts = await analyseCoursePage(`${server.origin}/${slug}/course-page.html`, testFetcher(asked), signal());

      expect(facts.title).toBe(m.title);
      expect(facts.courseNumber).toBe(m.course_number);
      expect(facts.term).toBe(m.term);
      expect(facts.level).toBe('Undergraduate');
      expect(facts.university).toBe('Massachusetts Institute of Technology');
      expect(facts.license?.url).toBe('https://creativecommons.org/licenses/by-nc-sa/4.0/');

      if (m.textbook === null) {
        expect(facts.textbook).toBeNull();
        expect(facts.noTextbook).toBe(true);
      } else {
        expect(facts.textbook?.title).toBe(m.textbook.title);
        expect(facts.textbook?.authors).toEqual(m.textbook.authors);
        expect(facts.textbook?.isbn).toBe(m.textbook.isbn);
        expect(facts.textbook?.year).toBe(m.textbook.year);
        expect(facts.textbook?.publisher).toBe(m.textbook.publisher);
      }

      expect(inOrderCoverage(m.topics, facts.topics)).toBeGreaterThanOrEqual(0.8);
      expect(facts.topics.filter((t) => NOT_CONTENT.test(t))).toEqual([]);
      const excluded = m.sessions.filter((s) => s.kind === 'exam' || s.kind === 'review').map((s) => s.topic);
      for (const t of excluded) expect(facts.topics).not.toContain(t);

      // only the fixture server was asked, and only for the course page and its one same-site link
      expect(asked.every((u) => u.startsWith(server.origin))).toBe(true);
      expect(asked.length).toBeLessThanOrEqual(1 + MAX_LINKED_PAGES);
      expect(facts.linkedPages.every((p) => p.ok)).toBe(true);
    });
  }

  it('takes 18.05 and 1.010 topics from calendar.html and 6.0001 topics from the syllabus page itself', async () => {
    const f = testFetcher();
    const [a, b, c] = await Promise.all(COURSES.map((s) => analyseCoursePage(`${server.origin}/${s}/course-page.html`, f, signal())));
    expect(a?.topicSource).toBe(`${server.origin}/mit-6-0001-fall-2016/course-page.html`);
    expect(b?.topicSource).toBe(`${server.origin}/mit-18-05-spring-2022/calendar.html`);
    expect(c?.topicSource).toBe(`${server.origin}/mit-1-010-fall-2008/calendar.html`);
    const m = await readManifest('mit-6-0001-fall-2016');
    expect(a?.topics).toEqual(m.sessions.filter((s) => s.kind === 'lecture').map((s) => s.topic));
    expect(b?.topics).toEqual((await readManifest('mit-18-05-spring-2022')).topics);
    expect(c?.topics).toEqual((await readManifest('mit-1-010-fall-2008')).topics);
    // 1.010 units come with the table's spanning rows
    expect(c?.groups.map((g) => g.title)).toContain('Random vectors');
  });

  it('is deterministic', async () => {
    const url = `${server.origin}/mit-1-010-fall-2008/course-page.html`;
    const one = await analyseCoursePage(url, testFetcher(), signal());
    const two = await analyseCoursePage(url, testFetcher(), signal());
    expect(two).toEqual(one);
  });
});

describe('analyseCoursePage link following', () => {
  it('follows at most four same-site links and never an external one', async () => {
    const asked: string[] = [];
    const facts = await analyseCoursePage(`${server.origin}/extra/many-links.html`, testFetcher(asked), signal());
    expect(asked).toHaveLength(1 + MAX_LINKED_PAGES);
    expect(asked.slice(1)).toEqual([1, 2, 3, 4].map((n) => `${server.origin}/extra/lecture-${n}.html`));
    expect(asked.some((u) => u.includes('example.org'))).toBe(false);
    expect(facts.courseNumber).toBe('CS 101');
    expect(facts.title).toBe('Data Structures');
    expect(facts.term).toBe('Fall 2024');
    expect(facts.university).toBe('Example University');
    // the first linked page with the strongest schedule wins; merge is in link order, not arrival order
    expect(facts.topicSource).toBe(`${server.origin}/extra/lecture-1.html`);
    expect(facts.topics).toEqual(['Topic 1', 'Topic 11']);
  });

  it('skips a failed linked page and keeps the rest', async () => {
    const facts = await analyseCoursePage(`${server.origin}/extra/broken.html`, testFetcher(), signal());
    const failed = facts.linkedPages.find((p) => p.url.endsWith('missing-calendar.html'));
    expect(failed?.ok).toBe(false);
    expect(facts.linkedPages.find((p) => p.url.endsWith('readings.html'))?.ok).toBe(true);
    // linked readings table beats the main page's week headings
    expect(facts.topicSource).toBe(`${server.origin}/mit-6-0001-fall-2016/readings.html`);
    expect(facts.topics[0]).toBe('What is computation?');
    // the textbook comes from the linked page
    expect(facts.textbook?.isbn).toBe('9780262529624');
    expect(facts.courseNumber).toBe('6.0001');
  });

  it('reads a PDF syllabus by content type, with chapters from its outline', async () => {
    const facts = await analyseCoursePage(`${server.origin}/extra/syllabus.pdf`, testFetcher(), signal());
    expect(facts.courseNumber).toBe('STAT 110');
    expect(facts.term).toBe('Spring 2023');
    expect(facts.scheduleSource).toBe('outline');
    expect(facts.topics).toEqual(['Counting', 'Conditional Probability', 'Random Variables']);
  });

  it('reads a plain-text syllabus by content type', async () => {
    const facts = await analyseCoursePage(`${server.origin}/extra/syllabus.txt`, testFetcher(), signal());
    expect(facts.courseNumber).toBe('MATH 1A');
    expect(facts.title).toBe('Calculus');
    expect(facts.term).toBe('Fall 2021');
    expect(facts.textbook?.title).toBe('Calculus: Early Transcendentals');
    expect(facts.textbook?.authors).toEqual(['James Stewart']);
    expect(facts.topics).toEqual(['Limits', 'Derivatives', 'Integrals']);
  });

  it('rejects unsupported content, bad URLs, missing pages and aborts with pipeline errors', async () => {
    const codeOf = async (p: Promise<unknown>): Promise<string> => {
      try {
        await p;
        return 'resolved';
      } catch (e) {
        return isPipelineError(e) ? e.code : 'other';
      }
    };
    expect(await codeOf(analyseCoursePage(`${server.origin}/extra/video.mp4`, testFetcher(), signal()))).toBe('page_unsupported');
    expect(await codeOf(analyseCoursePage('not a url', testFetcher(), signal()))).toBe('bad_input');
    expect(await codeOf(analyseCoursePage('ftp://127.0.0.1/x', testFetcher(), signal()))).toBe('bad_input');
    expect(await codeOf(analyseCoursePage(`${server.origin}/nope.html`, testFetcher(), signal()))).toBe('page_unreachable');
    const ctl = new AbortController();
    ctl.abort();
    expect(await codeOf(analyseCoursePage(`${server.origin}/mit-18-05-spring-2022/course-page.html`, testFetcher(), ctl.signal))).toBe('aborted');
  });
});
