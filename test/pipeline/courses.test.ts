import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPipeline } from '../../src/app/build-pipeline';
import { courseFixtures, serveCourses } from '../support/fixtures';
import { offlinePipeline, postJson, startTestServer, waitForStatus, type TestServer } from '../support/server';

const SUBJECTS: Record<string, string[]> = {
  'mit-6-0001-fall-2016': ['programming', 'computer-science'],
  'mit-18-05-spring-2022': ['statistics'],
  'mit-1-010-fall-2008': ['statistics'],
};

describe('course pages served over HTTP, submitted as course_url', () => {
  let site: Awaited<ReturnType<typeof serveCourses>>;
  let s: TestServer;
  beforeAll(async () => {
    site = await serveCourses();
    s = await startTestServer(offlinePipeline, { FETCH_ALLOW_LOOPBACK: 'true' });
  });
  afterAll(async () => {
    await s.close();
    await site.close();
  });

  it.each(courseFixtures())('$course_number $title completes with results on its subject', async (m) => {
    const sub = await postJson(`${s.url}/api/submit`, { course_url: `${site.url}/${m.slug}/course-page.html` });
    expect(sub.status).toBe(200);
    const st = await waitForStatus(s.url, sub.body.job_id, ['completed', 'failed'], 30_000);
    expect(st.error).toBeNull();
    expect(st.status).toBe('completed');
    expect(st.results.length).toBeGreaterThanOrEqual(5);
    expect(st.metadata.subjects.some((x: string) => SUBJECTS[m.slug]?.includes(x))).toBe(true);
    expect(st.search_title).toContain(m.course_number);
    if (m.textbook) {
      expect(st.metadata.textbook_info.title.toLowerCase()).toContain(m.textbook.title.toLowerCase().slice(0, 20));
      expect(st.metadata.textbook_info.isbn).toBe(m.textbook.isbn);
      expect(st.metadata.textbook_info.source).toBe('course_page');
    } else {
      expect(st.metadata.textbook_info.source).toBe('not_found');
    }
    // The course's own topics are the chapters, and every coverage claim names one of them.
    expect(st.metadata.chapters.length).toBeGreaterThanOrEqual(Math.floor(m.topics.length * 0.8));
    for (const r of st.results) for (const t of r.coverage_topics) expect(st.metadata.chapters).toContain(t);
    expect(st.results.some((r: { coverage_topics: string[] }) => r.coverage_topics.length > 0)).toBe(true);
  });

  it('cancelling a job whose course page is slow ends it within 2 s and stops the fetch', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { course_url: `${site.url}/slow/course.html` });
    await waitForStatus(s.url, sub.body.job_id, ['running']);
    await expect.poll(() => site.slowHits()).toBe(1);
    const t0 = Date.now();
    expect((await postJson(`${s.url}/api/cancel/${sub.body.job_id}`, {})).status).toBe(200);
    await expect.poll(() => site.slowClosed(), { timeout: 2000 }).toBe(1);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await waitForStatus(s.url, sub.body.job_id, ['cancelled'])).status).toBe('cancelled');
  });
});

describe('hostile course URLs', () => {
  let s: TestServer;
  let site: Awaited<ReturnType<typeof serveCourses>>;
  beforeAll(async () => {
    site = await serveCourses();
    const port = new URL(site.url).port;
    // A public-looking name that resolves to this machine, and one that resolves into a private network.
    const lookup = (host: string) =>
      Promise.resolve(host === 'course.example.edu' ? [{ address: '127.0.0.1', family: 4 as const }] : [{ address: '10.1.2.3', family: 4 as const }]);
    s = await startTestServer((config, store) => buildPipeline(config, store, { lookup }).pipeline);
    void port;
  });
  afterAll(async () => {
    await s.close();
    await site.close();
  });

  it.each([
    ['http://127.0.0.1/syllabus'],
    ['http://localhost:8000/'],
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://[::ffff:127.0.0.1]/'],
    ['http://2130706433/'],
    ['http://0177.0.0.1/'],
    ['http://10.0.0.8/'],
  ])('%s is refused at submit with 422 naming course_url', async (url) => {
    const r = await postJson(`${s.url}/api/submit`, { course_url: url });
    expect(r.status).toBe(422);
    expect(r.body.detail.fields[0].field).toBe('course_url');
    expect(r.body.detail.message).toMatch(/does not fetch/);
  });

  it('a public-looking name that resolves to loopback fails the job with the reason, and nothing is fetched', async () => {
    const port = new URL(site.url).port;
    const sub = await postJson(`${s.url}/api/submit`, { course_url: `http://course.example.edu:${port}/mit-18-05-spring-2022/course-page.html` });
    expect(sub.status).toBe(200);
    const st = await waitForStatus(s.url, sub.body.job_id, ['failed', 'completed']);
    expect(st.status).toBe('failed');
    expect(st.error).toMatch(/this server itself|private|not fetch/i);
  });

  it('a name that resolves into a private network fails the job and says why', async () => {
    const sub = await postJson(`${s.url}/api/submit`, { course_url: 'https://intranet.example.org/course' });
    const st = await waitForStatus(s.url, sub.body.job_id, ['failed', 'completed']);
    expect(st.status).toBe('failed');
    expect(st.error).toMatch(/private network/);
  });
});
