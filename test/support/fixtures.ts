import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixtures, read in place (never copied into the repo). */
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export interface TextbookFixture {
  slug: string;
  title: string;
  authors: string[];
  license_spdx: string;
  chapters: { title: string }[];
}

export function textbookFixtures(): TextbookFixture[] {
  const dir = path.join(FIXTURES, 'textbooks');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as TextbookFixture);
}

export interface CourseManifest {
  slug: string;
  title: string;
  course_number: string;
  textbook: { title: string; authors: string[]; isbn: string } | null;
  topics: string[];
}

export function courseFixtures(): CourseManifest[] {
  const dir = path.join(FIXTURES, 'courses');
  return readdirSync(dir)
    .sort()
    .map((slug) => JSON.parse(readFileSync(path.join(dir, slug, 'manifest.json'), 'utf8')) as CourseManifest);
}

/** Serves fixtures/courses over HTTP on 127.0.0.1, as a course web site would. `/slow/...` never answers. */
export async function serveCourses(): Promise<{ url: string; close: () => Promise<void>; slowHits: () => number; slowClosed: () => number }> {
  const root = path.join(FIXTURES, 'courses');
  let slow = 0;
  let closedSlow = 0;
  const server: Server = createServer((req, res) => {
    const p = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (p.startsWith('/slow/')) {
      slow++;
      req.socket.on('close', () => closedSlow++);
      return; // holds the request open until the client gives up
    }
    const file = path.join(root, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.md') ? 'text/markdown' : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    slowHits: () => slow,
    slowClosed: () => closedSlow,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
