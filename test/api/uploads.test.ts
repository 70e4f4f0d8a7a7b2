import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPdf } from '../pipeline/analysis/helpers';
import { offlinePipeline, postJson, startTestServer, waitForStatus, type TestServer } from '../support/server';

async function upload(base: string, bytes: Uint8Array | string, name: string, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${base}/api/uploads`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as any };
}

describe('uploads', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(offlinePipeline);
  });
  afterAll(async () => s.close());

  it('a text syllabus upload feeds a search that finds on-subject resources', async () => {
    const text = 'PSYC 101\nWeek 1: Research methods in psychology\nWeek 2: Sensation and perception\nWeek 3: Memory\nWeek 4: Learning and conditioning\nWeek 5: Personality';
    const up = await upload(s.url, text, 'syllabus.txt', 'text/plain');
    expect(up.status).toBe(201);
    expect(up.body.media_type).toBe('text/plain');
    const sub = await postJson(`${s.url}/api/submit`, { book_upload_id: up.body.upload_id });
    expect(sub.status).toBe(200);
    const st = await waitForStatus(s.url, sub.body.job_id, ['completed', 'failed']);
    expect(st.status).toBe('completed');
    expect(st.metadata.subjects).toContain('psychology');
    expect(st.metadata.chapters).toContain('Memory');
  });

  it('a PDF upload has its text and outline extracted, whatever its declared type', async () => {
    const pdf = buildPdf(['Introduction to Microeconomics', 'Chapter 1 Supply and Demand', 'Chapter 2 Elasticity'], [{ title: 'Supply and Demand' }, { title: 'Elasticity' }]);
    const up = await upload(s.url, pdf, 'book.bin', 'application/octet-stream');
    expect(up.status).toBe(201);
    expect(up.body.media_type).toBe('application/pdf');
    expect(up.body.outline_entries).toBe(2);
    const sub = await postJson(`${s.url}/api/submit`, { book_upload_id: up.body.upload_id });
    const st = await waitForStatus(s.url, sub.body.job_id, ['completed', 'failed']);
    expect(st.status).toBe('completed');
    expect(st.metadata.subjects).toContain('economics');
  });

  it('a multipart body cut off inside the file gets 400 bad_multipart, and nothing is stored', async () => {
    const count = async (): Promise<number> => (await s.store.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads')).rows[0]?.n ?? -1;
    const before = await count();
    const res = await fetch(`${s.url}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xx' },
      body: '--xx\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).detail.error).toBe('bad_multipart');
    expect(await count()).toBe(before);
  });

  it('other file types are refused by their bytes, even with a .pdf name', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await upload(s.url, png, 'syllabus.pdf', 'application/pdf');
    expect(r.status).toBe(415);
    expect(r.body.detail.message).toMatch(/PDF files and plain-text/);
  });

  it('text over 50,000 characters is refused with 413, and an unknown upload id with 400', async () => {
    const r = await upload(s.url, 'x'.repeat(50_001), 'long.txt', 'text/plain');
    expect(r.status).toBe(413);
    const sub = await postJson(`${s.url}/api/submit`, { book_upload_id: '3f2b6c1e-8a4d-4c3e-9f1a-2b7d5e6f8a90' });
    expect(sub.status).toBe(400);
    expect(sub.body.detail.fields[0].field).toBe('book_upload_id');
  });
});
