import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCoursePage } from '../../../src/pipeline/analysis';
import { COURSES_DIR } from './helpers';

const page = (slug: string, file: string): string => readFileSync(join(COURSES_DIR, slug, file), 'utf8');
const BASE = 'http://127.0.0.1:8080';

describe('extractCoursePage', () => {
  it('6.0001: banner facts, license, same-site syllabus links only, external links as resources', () => {
    const f = extractCoursePage(page('mit-6-0001-fall-2016', 'course-page.html'), `${BASE}/mit-6-0001-fall-2016/course-page.html`);
    expect(f.title).toBe('Introduction to Computer Science and Programming in Python');
    expect(f.courseNumber).toBe('6.0001');
    expect(f.term).toBe('Fall 2016');
    expect(f.level).toBe('Undergraduate');
    expect(f.syllabusLinks).toEqual([`${BASE}/mit-6-0001-fall-2016/readings.html`]);
    expect(f.resourceLinks).toContain('https://ocw.mit.edu/courses/6-0001-introduction-to-computer-science-and-programming-in-python-fall-2016/video_galleries/lecture-videos/');
    expect(f.resourceLinks).toContain('https://mitpress.mit.edu/9780262529624');
    // site header and footer links are chrome
    expect(f.resourceLinks).not.toContain('https://ocw.mit.edu/donate/');
    expect(f.resourceLinks).not.toContain('https://ocw.mit.edu/contact/');
    expect(f.license).toEqual({
      text: 'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International (CC BY-NC-SA 4.0)',
      url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
    });
    // main content only: no navigation or footer text
    expect(f.text).not.toContain('Give Now');
    expect(f.text).not.toContain('Accessibility');
    expect(f.headings).toContain('Textbook');
    expect(f.scheduleTopics).toHaveLength(12);
    expect(f.textbook?.isbn).toBe('9780262529624');
  });

  it('18.05: no textbook, no topics on the syllabus page, calendar link to follow', () => {
    const f = extractCoursePage(page('mit-18-05-spring-2022', 'course-page.html'), `${BASE}/mit-18-05-spring-2022/course-page.html`);
    expect(f.textbook).toBeNull();
    expect(f.noTextbook).toBe(true);
    expect(f.scheduleTopics).toEqual([]);
    expect(f.syllabusLinks).toEqual([`${BASE}/mit-18-05-spring-2022/calendar.html`]);
    expect(f.listItems).toContain('Counting');
  });

  it('a page without <main>: body minus chrome; numbers like CS 101 and structured dt/dd facts', () => {
    const html = `<html><head><title>Home</title><script>var x = "Week 9: Injected";</script></head><body>
      <header><nav><a href="/schedule">Schedule</a></nav><h1>Site</h1></header>
      <div class="content"><h1>CS 106B: Programming Abstractions</h1>
      <dl><dt>Term</dt><dd>Winter 2023</dd><dt>Level</dt><dd>Undergraduate</dd></dl>
      <p>Stanford University</p>
      <h2>Course Topics</h2><ul><li>Recursion</li><li>Linked lists</li><li>Trees</li></ul>
      <p><a href="syllabus.pdf">Syllabus (PDF)</a> <a href="notes.zip">Lecture notes archive</a> <a href="https://other.example/schedule">Schedule elsewhere</a></p>
      </div><footer>Stanford University</footer></body></html>`;
    const f = extractCoursePage(html, 'https://cs.example.edu/106b/');
    expect(f.courseNumber).toBe('CS 106B');
    expect(f.title).toBe('Programming Abstractions');
    expect(f.term).toBe('Winter 2023');
    expect(f.level).toBe('Undergraduate');
    expect(f.university).toBe('Stanford University');
    expect(f.scheduleTopics).toEqual(['Recursion', 'Linked lists', 'Trees']);
    expect(f.text).not.toContain('Injected');
    // the header's link is chrome; the zip is not a page; the other host is not same-site
    expect(f.syllabusLinks).toEqual(['https://cs.example.edu/106b/syllabus.pdf']);
    expect(f.resourceLinks).toContain('https://other.example/schedule');
  });

  it('copes with sloppy HTML (unclosed p, li, tr, td)', () => {
    const html = `<html><body><main><h1>MATH 18: Linear Algebra</h1><p>Fall 2019<p>Textbook: <i>Linear Algebra and Its Applications</i>, David C. Lay
<table><tr><th>Lecture<th>Topic<tr><td>1<td>Vectors<tr><td>2<td>Matrices<tr><td>3<td>Midterm</table>
<ul><li>one<li>two</ul></main>`;
    const f = extractCoursePage(html, 'https://x.edu/m18/');
    expect([f.courseNumber, f.title, f.term]).toEqual(['MATH 18', 'Linear Algebra', 'Fall 2019']);
    expect(f.textbook).toMatchObject({ title: 'Linear Algebra and Its Applications', authors: ['David C. Lay'] });
    expect(f.scheduleTopics).toEqual(['Vectors', 'Matrices']);
    expect(f.listItems).toEqual(['one', 'two']);
  });

  it('is deterministic', () => {
    const html = page('mit-1-010-fall-2008', 'calendar.html');
    expect(extractCoursePage(html, `${BASE}/x/calendar.html`)).toEqual(extractCoursePage(html, `${BASE}/x/calendar.html`));
  });

});
