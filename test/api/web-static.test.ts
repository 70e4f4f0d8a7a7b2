import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server';
import { derivedPipeline } from '../support/pipelines';
import { postJson, startTestServer, waitForStatus, type TestServer } from '../support/server';

/** A raw GET that does not decompress, so the encoding on the wire can be checked. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the web app', () => {
  let s: TestServer;
  let web: FastifyInstance;
  let bare: FastifyInstance;
  let base: string;
  let bareBase: string;
  let dir: string;
  const js = `console.log(${JSON.stringify('x'.repeat(5000))});`;
  const html = '<!doctype html><html><head><title>ScholarSource</title><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ss-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), html);
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), js);
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(js));
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(js));
    s = await startTestServer(derivedPipeline(), { ALLOWED_ORIGINS: 'https://app.example.org' });
    web = await buildServer(s.runtime.deps, { webDir: dir });
    base = await web.listen({ port: 0, host: '127.0.0.1' });
    bare = await buildServer(s.runtime.deps, { webDir: path.join(dir, 'missing') });
    bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await web.close();
    await bare.close();
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('/ and /jobs/:id answer with the app, revalidated on every load', async () => {
    for (const p of ['/', '/jobs/3f2b6c1e-8a4d-4c3e-9f1a-2b7d5e6f8a90']) {
      const r = await fetch(`${base}${p}`, { headers: { accept: 'text/html' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await r.text()).toBe(html);
      const etag = r.headers.get('etag') ?? '';
      expect(etag).not.toBe('');
      expect((await fetch(`${base}${p}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
  });

  it('hashed assets are immutable and sent precompressed (br or gzip)', async () => {
    const brr = await rawGet(`${base}/assets/index-abc123.js`, { 'accept-encoding': 'br, gzip' });
    expect(brr.status).toBe(200);
    expect(brr.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brr.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brr.body).toString()).toBe(js);
    const gz = await rawGet(`${base}/assets/index-abc123.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);
    const plain = await rawGet(`${base}/assets/index-abc123.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
  });

  it('API paths keep their JSON answers and 404s; other page paths get the app', async () => {
    const api = await fetch(`${base}/api`);
    expect(((await api.json()) as { name: string }).name).toBe('ScholarSource API');
    for (const p of ['/api/nope', '/openapi.json/x', '/docs/nope/x', '/assets/missing.js']) {
      const r = await fetch(`${base}${p}`, { headers: { accept: 'text/html,*/*' } });
      expect(r.status, p).toBe(404);
      expect(((await r.json()) as any).detail.error).toBe('not_found');
    }
    expect((await fetch(`${base}/openapi.json`)).headers.get('content-type')).toMatch(/json/);
    const page = await fetch(`${base}/some/page`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(html);
    const notPage = await fetch(`${base}/some/page`, { headers: { accept: 'application/json' } });
    expect(notPage.status).toBe(404);
  });

  it('without a built app, / keeps serving the API description', async () => {
    const r = await fetch(`${bareBase}/`);
    expect(((await r.json()) as { name: string }).name).toBe('ScholarSource API');
  });

  it('an allowed other origin (the app on a static host) can read the export name and follow events', async () => {
    const origin = 'https://app.example.org';
    const sub = await postJson(`${base}/api/submit`, { book_title: 'Linear Algebra' }, { origin });
    expect(sub.status).toBe(200);
    await waitForStatus(base, sub.body.job_id, ['completed']);
    const ex = await fetch(`${base}/api/jobs/${sub.body.job_id}/export?format=csv`, { headers: { origin } });
    expect(ex.headers.get('access-control-allow-origin')).toBe(origin);
    expect(ex.headers.get('access-control-expose-headers')).toContain('content-disposition');
    const ev = await fetch(`${base}/api/jobs/${sub.body.job_id}/events`, { headers: { origin } });
    expect(ev.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(ev.headers.get('access-control-allow-origin')).toBe(origin);
    await ev.text();
  });
});
