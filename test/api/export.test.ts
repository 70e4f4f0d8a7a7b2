import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderExport, type ExportData } from '../../src/api/export-formats';
import type { Resource } from '../../src/contracts/resource';
import { offlinePipeline, postJson, startTestServer, waitForStatus, type TestServer } from '../support/server';

// --- Small parsers, written independently of the exporter ---------------------------------------------

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) throw new Error('last record does not end with CRLF');
  return rows;
}

/** RIS: `XX  - value` lines; a record runs from TY to ER. */
function parseRis(text: string): Record<string, string[]>[] {
  const records: Record<string, string[]>[] = [];
  let cur: Record<string, string[]> | null = null;
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const m = /^([A-Z][A-Z0-9]) {2}- (.*)$/.exec(line);
    if (!m) throw new Error(`not a RIS line: ${JSON.stringify(line)}`);
    const [, tag, value] = m as unknown as [string, string, string];
    if (tag === 'TY') {
      if (cur) throw new Error('TY before ER');
      cur = { TY: [value] };
    } else if (tag === 'ER') {
      if (!cur) throw new Error('ER without TY');
      records.push(cur);
      cur = null;
    } else {
      if (!cur) throw new Error(`${tag} outside a record`);
      (cur[tag] ??= []).push(value);
    }
  }
  if (cur) throw new Error('record without ER');
  return records;
}

/** BibTeX: `@type{key, name = {value}, ...}` with balanced braces; `\{` and `\}` are escaped braces. */
function parseBibtex(text: string): { type: string; key: string; fields: Record<string, string> }[] {
  const entries: { type: string; key: string; fields: Record<string, string> }[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const braced = (): string => {
    if (text[i] !== '{') throw new Error(`expected { at ${i}`);
    let depth = 0;
    const start = i + 1;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) return text.slice(start, i++);
    }
    throw new Error('unbalanced braces');
  };
  for (;;) {
    skipWs();
    if (i >= text.length) break;
    const head = /^@(\w+)\{([^,\s]+),/.exec(text.slice(i));
    if (!head) throw new Error(`expected an entry at ${i}: ${text.slice(i, i + 30)}`);
    i += head[0].length;
    const fields: Record<string, string> = {};
    for (;;) {
      skipWs();
      if (text[i] === '}') {
        i++;
        break;
      }
      const name = /^(\w+)\s*=\s*/.exec(text.slice(i));
      if (!name) throw new Error(`expected a field at ${i}`);
      i += name[0].length;
      fields[name[1] as string] = braced();
      skipWs();
      if (text[i] === ',') i++;
    }
    entries.push({ type: head[1] as string, key: head[2] as string, fields });
  }
  return entries;
}

const unBib = (s: string): string =>
  s
    .replace(/^\{(.*)\}$/s, '$1')
    .replace(/\\textbackslash\{\}/g, '\\')
    .replace(/\\textasciitilde\{\}/g, '~')
    .replace(/\\textasciicircum\{\}/g, '^')
    .replace(/\\([{}&%$#_])/g, '$1');

// --- Against the real server and the offline pipeline ---------------------------------------------------

describe('GET /api/jobs/:job_id/export', () => {
  let s: TestServer;
  let slow: Server;
  let slowUrl: string;
  const sockets = new Set<Socket>();
  let job: any;

  beforeAll(async () => {
    // A course page that never answers keeps a job running.
    slow = createServer(() => undefined);
    slow.on('connection', (c) => sockets.add(c));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/course`;
    s = await startTestServer(offlinePipeline, { FETCH_ALLOW_LOOPBACK: 'true', FETCH_TIMEOUT_MS: '60000' });
    const sub = await postJson(`${s.url}/api/submit`, { book_title: 'Calculus Volume 1', book_author: 'Strang' });
    job = await waitForStatus(s.url, sub.body.job_id, ['completed', 'failed']);
    expect(job.status).toBe('completed');
    expect(job.results.length).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => {
    for (const c of sockets) c.destroy();
    slow.close();
    await s.close();
  });

  const get = (id: string, query: string) => fetch(`${s.url}/api/jobs/${id}/export?${query}`);

  it('csv: RFC 4180 with a header row, one record per resource, quotes and commas intact', async () => {
    const res = await get(job.job_id, 'format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="scholarsource-calculus-volume-1-[0-9a-f]{8}\.csv"$/);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['title', 'type', 'url', 'source', 'description', 'coverage_topics', 'license', 'license_source', 'notebooklm_format', 'score', 'rationale']);
    expect(rows).toHaveLength(job.results.length + 1);
    rows.slice(1).forEach((row, i) => {
      const r = job.results[i];
      expect(row).toHaveLength(11);
      expect(row[0]).toBe(r.title);
      expect(row[2]).toBe(r.url);
      expect(row[5]).toBe(r.coverage_topics.join('; '));
      expect(Number(row[9])).toBe(r.score);
      expect(row[10]).toBe(r.rationale); // rationales quote chapter names: "Limits", ...
    });
  });

  it('md: a heading, one linked section per resource and the URL list for NotebookLM', async () => {
    const res = await get(job.job_id, 'format=md');
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    const md = await res.text();
    expect(md.split('\n')[0]).toBe('# Study resources: Calculus Volume 1');
    const sections = [...md.matchAll(/^### (\d+)\. \[(.+)\]\((\S+)\)$/gm)];
    expect(sections.map((m) => m[3])).toEqual(job.results.map((r: Resource) => r.url));
    const urlBlock = /## URLs for NotebookLM\n\n```text\n([\s\S]*?)\n```/.exec(md);
    expect(urlBlock?.[1]?.split('\n')).toEqual(job.results.map((r: Resource) => r.url));
    expect(md).toContain(`Textbook: ${job.metadata.textbook_info.title}`);
  });

  it('json: the results and the course context', async () => {
    const res = await get(job.job_id, 'format=json');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(await res.text());
    expect(body.job_id).toBe(job.job_id);
    expect(body.resources).toEqual(job.results);
    expect(body.chapters).toEqual(job.metadata.chapters);
    expect(body.textbook_info).toEqual(job.metadata.textbook_info);
  });

  it('ris: one TY…ER record per resource with title, URL and keywords', async () => {
    const res = await get(job.job_id, 'format=ris');
    expect(res.headers.get('content-type')).toMatch(/^application\/x-research-info-systems/);
    const recs = parseRis(await res.text());
    expect(recs).toHaveLength(job.results.length);
    recs.forEach((rec, i) => {
      const r = job.results[i];
      expect(rec.TY?.[0]).toBe(r.type === 'textbook' ? 'BOOK' : r.type === 'video' ? 'VIDEO' : 'ELEC');
      expect(rec.TI).toEqual([r.title]);
      expect(rec.UR).toEqual([r.url]);
      expect(rec.PB).toEqual([r.source]);
      expect(rec.KW).toEqual(r.coverage_topics);
    });
  });

  it('bibtex: one @misc per resource with unique keys and balanced braces', async () => {
    const res = await get(job.job_id, 'format=bibtex');
    expect(res.headers.get('content-type')).toMatch(/^application\/x-bibtex/);
    expect(res.headers.get('content-disposition')).toMatch(/\.bib"$/);
    const entries = parseBibtex(await res.text());
    expect(entries).toHaveLength(job.results.length);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
    entries.forEach((e, i) => {
      expect(e.type).toBe('misc');
      expect(unBib(e.fields.title ?? '')).toBe(job.results[i].title);
      expect(e.fields.url).toBe(job.results[i].url);
    });
  });

  it('items picks some results, in their order', async () => {
    const res = await get(job.job_id, 'format=json&items=2,0');
    const body = JSON.parse(await res.text());
    expect(body.resources).toEqual([job.results[0], job.results[2]]);
    const bad = await get(job.job_id, 'format=json&items=0,99');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as any).detail.fields[0].field).toBe('items');
  });

  it('unknown job 404, bad id or format 422, no results yet 409', async () => {
    const missing = await get(randomUUID(), 'format=csv');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).detail.error).toBe('not_found');

    const badId = await get('not-a-uuid', 'format=csv');
    expect(badId.status).toBe(422);
    expect(((await badId.json()) as any).detail.fields[0].field).toBe('job_id');

    for (const q of ['format=docx', '', 'format=']) {
      const badFormat = await get(job.job_id, q);
      expect(badFormat.status).toBe(422);
      const b: any = await badFormat.json();
      expect(b.detail.error).toBe('validation_error');
      expect(b.detail.fields[0]).toEqual({ field: 'format', problem: 'must be one of: csv, md, json, ris, bibtex' });
    }

    const running = await postJson(`${s.url}/api/submit`, { course_url: slowUrl });
    expect(running.status).toBe(200);
    await waitForStatus(s.url, running.body.job_id, ['running']);
    const early = await get(running.body.job_id, 'format=csv');
    expect(early.status).toBe(409);
    expect(((await early.json()) as any).detail).toMatchObject({ error: 'no_results', message: expect.stringMatching(/no results yet \(running\)/) });

    await postJson(`${s.url}/api/cancel/${running.body.job_id}`, {});
    await waitForStatus(s.url, running.body.job_id, ['cancelled']);
    const ended = await get(running.body.job_id, 'format=md');
    expect(ended.status).toBe(409);
    expect(((await ended.json()) as any).detail.message).toMatch(/ended without results \(cancelled\)/);
  });

  it('is described in the OpenAPI document', async () => {
    const doc: any = await (await fetch(`${s.url}/openapi.json`)).json();
    const op = doc.paths['/api/jobs/{job_id}/export'].get;
    expect(op.parameters.find((p: any) => p.name === 'format').schema.enum).toEqual(['csv', 'md', 'json', 'ris', 'bibtex']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '422', '429']));
  });
});

// --- Hostile text, straight through the formatters -----------------------------------------------------

describe('export formats with hostile text', () => {
  const nasty: Resource = {
    type: 'reference',
    title: '=HYPERLINK("http://evil")}, {Sets} & 100% "quoted"\nnext line',
    source: 'Some {Source} #1 _x_ ~ ^',
    url: 'https://example.org/a_(b)?q={x}',
    description: 'Line one,\r\nline two with "quotes" and a \\ backslash',
    coverage_topics: ['Sets, relations', 'Proof'],
    license: 'CC-BY-4.0',
    license_source: 'catalog entry',
    notebooklm_format: 'webpage',
    score: 80,
    rationale: '-1 point for "x"',
  };
  const script: Resource = { ...nasty, title: 'Not a link', url: 'javascript:alert(1)' };
  const data: ExportData = {
    job: {
      job_id: randomUUID(),
      status: 'completed',
      status_message: 'done',
      search_title: 'Sets & Logic',
      results: [nasty, script],
      raw_output: null,
      error: null,
      metadata: { cache_used: false, attempt: 1, stage: 'done', chapters: ['Sets, relations', 'Proof'] },
      course_name: null,
      university_name: null,
      book_title: null,
      book_author: null,
      created_at: new Date(0).toISOString(),
      started_at: null,
      completed_at: null,
      progress: { stage: 'done', stage_index: 4, stage_count: 4, detail: 'Done' },
    },
    resources: [nasty, script],
  };

  it('csv keeps every character, neutralises formulas and survives line breaks', () => {
    const rows = parseCsv(renderExport(data, 'csv'));
    expect(rows).toHaveLength(3);
    expect(rows[1]?.[0]).toBe(`'${nasty.title}`);
    expect(rows[1]?.[4]).toBe(nasty.description);
    expect(rows[1]?.[5]).toBe('Sets, relations; Proof');
    expect(rows[1]?.[10]).toBe(`'${nasty.rationale}`);
  });

  it('ris keeps one line per value', () => {
    const recs = parseRis(renderExport(data, 'ris'));
    expect(recs[0]?.TI).toEqual(['=HYPERLINK("http://evil")}, {Sets} & 100% "quoted" next line']);
    expect(recs[0]?.KW).toEqual(['Sets, relations', 'Proof']);
  });

  it('bibtex escapes braces and specials so every entry stays balanced', () => {
    const entries = parseBibtex(renderExport(data, 'bibtex'));
    expect(entries).toHaveLength(2);
    expect(unBib(entries[0]?.fields.title ?? '')).toBe('=HYPERLINK("http://evil")}, {Sets} & 100% "quoted" next line');
    expect(unBib(entries[0]?.fields.author ?? '')).toBe('Some {Source} #1 _x_ ~ ^');
    expect(entries[0]?.fields.url).toBe('https://example.org/a_(b)?q=%7Bx%7D');
  });

  it('markdown links only http(s) addresses and escapes link syntax', () => {
    const md = renderExport(data, 'md');
    expect(md).not.toMatch(/\]\(javascript:/);
    expect(md).toContain('### 2. Not a link');
    expect(md).toContain('](https://example.org/a_%28b%29?q={x})');
    const urlBlock = /```text\n([\s\S]*?)\n```/.exec(md);
    expect(urlBlock?.[1]).toBe('https://example.org/a_%28b%29?q={x}');
  });
});
