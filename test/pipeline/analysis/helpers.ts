/** Test helpers: a static server over the shared course fixtures, a test-only fetcher, a hand-made PDF. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FetchedPage, PageFetcher } from '../../../src/pipeline/fetch/types';
import { normKey } from '../../../src/pipeline/analysis/text';

export const COURSES_DIR = fileURLToPath(new URL('../../../../shared/fixtures/courses/', import.meta.url));

export interface Manifest {
  slug: string;
  title: string;
  course_number: string;
  term: string;
  textbook: { title: string; authors: string[]; edition: string; publisher: string; year: number; isbn: string } | null;
  topics: string[];
  sessions: Array<{ session: string | null; kind: string; topic: string }>;
}

export async function readManifest(slug: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(COURSES_DIR, slug, 'manifest.json'), 'utf8')) as Manifest;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ExtraRoute {
  type: string;
  body: string | Uint8Array;
  status?: number;
}

export interface FixtureServer {
  origin: string;
  /** Paths requested so far, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves COURSES_DIR (read-only, no directory listing) plus in-memory routes on 127.0.0.1, port 0. */
export async function startFixtureServer(extra: Record<string, ExtraRoute> = {}): Promise<FixtureServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const route = extra[path];
    if (route !== undefined) {
      res.writeHead(route.status ?? 200, { 'content-type': route.type });
      res.end(route.body);
      return;
    }
    const file = normalize(join(COURSES_DIR, path));
    if (!file.startsWith(COURSES_DIR) || TYPES[extname(file)] === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/**
 * A test-only PageFetcher over global fetch. It refuses anything but 127.0.0.1 so a test can never reach the
 * real OCW links on the fixture pages, and records every URL it was asked for.
 */
export function testFetcher(asked: string[] = []): PageFetcher {
  return async (url, { signal }): Promise<FetchedPage> => {
    asked.push(url);
    if (new URL(url).hostname !== '127.0.0.1') throw new Error(`test fetcher refuses ${url}`);
    const res = await fetch(url, { signal, redirect: 'follow' });
    const body = Buffer.from(await res.arrayBuffer());
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    return { url: res.url, status: res.status, contentType, body };
  };
}

/** Share of `expected` found in `got` in the same order (normalised comparison). */
export function inOrderCoverage(expected: readonly string[], got: readonly string[]): number {
  let from = 0;
  let hits = 0;
  for (const e of expected) {
    const k = normKey(e);
    const at = got.findIndex((g, i) => i >= from && normKey(g) === k);
    if (at >= 0) {
      hits++;
      from = at + 1;
    }
  }
  return expected.length === 0 ? 1 : hits / expected.length;
}

const pdfString = (s: string): string => `(${s.replace(/([\\()])/g, '\\$1')})`;

/**
 * A minimal valid PDF written by hand: one page with the given text lines (Helvetica) and an /Outlines tree
 * whose entries may have one level of children. Byte offsets in the xref table are computed exactly.
 */
export function buildPdf(lines: readonly string[], outline: ReadonlyArray<{ title: string; children?: readonly string[] }>): Uint8Array {
  const objs: string[] = [];
  const add = (body: string): number => {
    objs.push(body);
    return objs.length;
  };
  const catalog = add('');
  const pages = add('');
  const page = add('');
  const content = lines.map((l, i) => `${i === 0 ? '72 720 Td' : '0 -18 Td'} ${pdfString(l)} Tj`).join(' ');
  const stream = `BT /F1 12 Tf ${content} ET`;
  const contents = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const outlines = add('');
  // outline items: top-level first, then their children
  const top = outline.map(() => add(''));
  const kids = outline.map((o) => (o.children ?? []).map(() => add('')));
  const set = (n: number, body: string): void => {
    objs[n - 1] = body;
  };
  set(catalog, `<< /Type /Catalog /Pages ${pages} 0 R /Outlines ${outlines} 0 R /PageMode /UseOutlines >>`);
  set(pages, `<< /Type /Pages /Kids [${page} 0 R] /Count 1 >>`);
  set(page, `<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 612 792] /Contents ${contents} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`);
  const link = (items: number[], i: number): string =>
    `${i > 0 ? ` /Prev ${items[i - 1]} 0 R` : ''}${i < items.length - 1 ? ` /Next ${items[i + 1]} 0 R` : ''}`;
  set(outlines, `<< /Type /Outlines /First ${top[0]} 0 R /Last ${top[top.length - 1]} 0 R /Count ${top.length} >>`);
  outline.forEach((o, i) => {
    const ch = kids[i] ?? [];
    const first = ch.length > 0 ? ` /First ${ch[0]} 0 R /Last ${ch[ch.length - 1]} 0 R /Count ${ch.length}` : '';
    set(top[i] ?? 0, `<< /Title ${pdfString(o.title)} /Parent ${outlines} 0 R${link(top, i)}${first} /Dest [${page} 0 R /XYZ 0 792 0] >>`);
    (o.children ?? []).forEach((c, j) => {
      set(ch[j] ?? 0, `<< /Title ${pdfString(c)} /Parent ${top[i]} 0 R${link(ch, j)} /Dest [${page} 0 R /XYZ 0 700 0] >>`);
    });
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
