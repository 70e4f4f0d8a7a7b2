import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import tls from 'node:tls';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/pipeline/errors';
import { createGuardedFetcher, decodeText, type GuardedPage, type HostLookup } from '../../../src/pipeline/fetch/guarded-fetch';
import { startHttpServer, startHttpsServer, type TestServer } from './test-server';

const HTML = '<!doctype html><h1>Chapter 1: Limits</h1>';

async function failure(promise: Promise<unknown>): Promise<PipelineError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PipelineError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

/** An injected DNS that maps names to fixed addresses and records every question. */
function fakeDns(table: Record<string, string[]>): HostLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = (hostname: string) => {
    calls.push(hostname);
    const found = table[hostname];
    if (!found) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(found.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) })));
  };
  return Object.assign(lookup, { calls });
}

const signal = (): AbortSignal => new AbortController().signal;

let server: TestServer;
let requests: IncomingMessage[] = [];
let abortedSocketClosed: Promise<void> = Promise.resolve();
let markResponseStarted: () => void = () => undefined;

function route(req: IncomingMessage, res: ServerResponse): void {
  requests.push(req);
  const path = req.url ?? '/';
  const redirect = (location: string): void => {
    res.writeHead(302, { Location: location }).end();
  };
  const chain = /^\/r\/(\d+)$/.exec(path);
  if (chain) {
    const n = Number(chain[1]);
    if (n === 0) res.writeHead(200, { 'Content-Type': 'text/html' }).end(HTML);
    else redirect(`/r/${n - 1}`);
    return;
  }
  switch (path) {
    case '/page':
      res.writeHead(200, { 'Content-Type': 'Text/HTML; charset=UTF-8' }).end(HTML);
      return;
    case '/echo':
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${req.headers.host}|${req.headers['user-agent']}`);
      return;
    case '/png':
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      return;
    case '/missing':
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('nope');
      return;
    case '/busy':
      res.writeHead(429, { 'Retry-After': '7' }).end();
      return;
    case '/unavailable':
      res.writeHead(503, { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() }).end();
      return;
    case '/big':
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(10_000));
      return;
    case '/big-chunked':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
      res.end();
      return;
    case '/slow':
      return; // never answers
    case '/gzip':
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }).end(gzipSync(HTML));
      return;
    case '/br':
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'br' }).end(brotliCompressSync(HTML));
      return;
    case '/bomb':
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }).end(gzipSync(Buffer.alloc(1024 * 1024)));
      return;
    case '/truncated':
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': '1000' });
      res.write('<p>only the start', () => res.destroy());
      return;
    case '/bad-gzip':
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }).end('this is not gzip at all');
      return;
    case '/zstd':
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'zstd' }).end('??');
      return;
    case '/to-private-ip':
      redirect('http://10.0.0.1/');
      return;
    case '/to-private-name':
      redirect(`http://internal.example.edu:${server.port}/page`);
      return;
    case '/to-file':
      redirect('file:///etc/passwd');
      return;
    case '/to-page':
      redirect(`http://other.example.edu:${server.port}/page`);
      return;
    case '/stream':
      abortedSocketClosed = new Promise((resolve) => req.socket.once('close', () => resolve()));
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.write('<p>first part</p>');
      markResponseStarted();
      return; // the rest never comes
    default:
      res.writeHead(500).end();
  }
}

beforeAll(async () => {
  server = await startHttpServer(route);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  requests = [];
});

const local = (path: string): string => `${server.origin}${path}`;
const course = (path: string): string => `http://course.example.edu:${server.port}${path}`;

describe('guarded fetch: normal pages', () => {
  it('fetches an HTML page from the loopback test server with allowLoopback', async () => {
    const fetchPage = createGuardedFetcher({ allowLoopback: true });
    const page = (await fetchPage(local('/page'), { signal: signal() })) as GuardedPage;
    expect(page).toMatchObject({ url: local('/page'), status: 200, contentType: 'text/html', charset: 'utf-8' });
    expect(decodeText(page)).toBe(HTML);
  });

  it('connects to the vetted address but keeps the host name in the Host header and sends the user agent', async () => {
    const dns = fakeDns({ 'course.example.edu': ['127.0.0.1'] });
    const fetchPage = createGuardedFetcher({ allowLoopback: true, lookup: dns });
    const page = await fetchPage(course('/echo'), { signal: signal() });
    expect(page.body.toString()).toBe(`course.example.edu:${server.port}|ScholarSourceBot/0.1 (+https://github.com/scholarsource)`);
    expect(dns.calls).toEqual(['course.example.edu']);
  });

  it('resolves once and never again at connect time, so DNS rebinding cannot switch the address', async () => {
    let answers = 0;
    const rebinding: HostLookup = () => Promise.resolve([{ address: answers++ === 0 ? '127.0.0.1' : '10.0.0.5', family: 4 }]);
    const fetchPage = createGuardedFetcher({ allowLoopback: true, lookup: rebinding });
    const page = await fetchPage(course('/page'), { signal: signal() });
    expect(page.status).toBe(200);
    expect(answers).toBe(1);
  });

  it('decodes gzip and br bodies', async () => {
    const fetchPage = createGuardedFetcher({ allowLoopback: true });
    expect((await fetchPage(local('/gzip'), { signal: signal() })).body.toString()).toBe(HTML);
    expect((await fetchPage(local('/br'), { signal: signal() })).body.toString()).toBe(HTML);
  });
});

describe('guarded fetch: refused addresses', () => {
  it('refuses loopback without allowLoopback, before sending anything', async () => {
    const err = await failure(createGuardedFetcher()(local('/page'), { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toBe('The course page address points to this server itself (127.0.0.1), which ScholarSource does not fetch.');
    expect(requests).toHaveLength(0);
  });

  it('refuses localhost as resolved by the system DNS', async () => {
    const err = await failure(createGuardedFetcher()(`http://localhost:${server.port}/page`, { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('points to this server itself');
  });

  it('refuses a name that resolves to loopback, unless allowLoopback', async () => {
    const dns = fakeDns({ 'course.example.edu': ['127.0.0.1'] });
    const err = await failure(createGuardedFetcher({ lookup: dns })(course('/page'), { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('(127.0.0.1)');
    const page = await createGuardedFetcher({ lookup: dns, allowLoopback: true })(course('/page'), { signal: signal() });
    expect(page.url).toBe(course('/page'));
  });

  it.each([
    ['10.0.0.5', 'a private network (10.0.0.5)'],
    ['169.254.169.254', 'a cloud metadata service (169.254.169.254)'],
    ['::ffff:127.0.0.1', 'this server itself (::ffff:127.0.0.1)'],
    ['::ffff:7f00:1', 'this server itself (::ffff:7f00:1)'],
    ['100.64.0.1', 'a shared carrier network (100.64.0.1)'],
    ['fd00:ec2::254', 'a cloud metadata service (fd00:ec2::254)'],
  ])('refuses a name resolving to %s even with allowLoopback', async (address, phrase) => {
    const fetchPage = createGuardedFetcher({ allowLoopback: true, lookup: fakeDns({ 'course.example.edu': [address] }) });
    const err = await failure(fetchPage(course('/page'), { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toBe(`The course page address points to ${phrase}, which ScholarSource does not fetch.`);
    expect(requests).toHaveLength(0);
  });

  it('refuses when any one of several resolved addresses is private', async () => {
    const fetchPage = createGuardedFetcher({ allowLoopback: true, lookup: fakeDns({ 'course.example.edu': ['127.0.0.1', '192.168.1.20'] }) });
    const err = await failure(fetchPage(course('/page'), { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('a private network (192.168.1.20)');
  });

  it.each(['http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://127.1/', 'http://0x7f000001/', 'http://[::1]/'])(
    'refuses the literal loopback host %s without looking anything up',
    async (url) => {
      const dns = fakeDns({});
      const err = await failure(createGuardedFetcher({ lookup: dns })(url, { signal: signal() }));
      expect(err.code).toBe('blocked_url');
      expect(err.message).toMatch(/points to this server itself \((127\.0\.0\.1|::1)\)/);
      expect(dns.calls).toEqual([]);
    },
  );

  it.each([
    ['http://0x0a.0.0.1/', 'a private network (10.0.0.1)'],
    ['http://167772161/', 'a private network (10.0.0.1)'],
    ['http://[::ffff:127.0.0.1]/', 'this server itself (::ffff:7f00:1)'],
    ['http://[64:ff9b::10.0.0.1]/', 'a private network (64:ff9b::a00:1)'],
    ['http://[2002:a9fe:a9fe::1]/', 'a cloud metadata service (2002:a9fe:a9fe::1)'],
    ['http://0.0.0.0/', 'an unspecified address (0.0.0.0)'],
  ])('refuses the literal host %s even with allowLoopback', async (url, phrase) => {
    const err = await failure(createGuardedFetcher({ allowLoopback: true, lookup: fakeDns({}) })(url, { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain(phrase);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<h1>x</h1>', 'ftp://course.example.edu/notes.pdf', 'gopher://course.example.edu/'])(
    'refuses the scheme of %s before any network activity',
    async (url) => {
      const dns = fakeDns({ 'course.example.edu': ['127.0.0.1'] });
      const err = await failure(createGuardedFetcher({ lookup: dns, allowLoopback: true })(url, { signal: signal() }));
      expect(err.code).toBe('blocked_url');
      expect(err.message).toContain('must start with http:// or https://');
      expect(dns.calls).toEqual([]);
    },
  );

  it('refuses credentials in the address', async () => {
    const err = await failure(createGuardedFetcher({ allowLoopback: true })(`http://me:pw@127.0.0.1:${server.port}/page`, { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('user name or password');
    expect(requests).toHaveLength(0);
  });
});

describe('guarded fetch: redirects', () => {
  const dns = fakeDns({
    'course.example.edu': ['127.0.0.1'],
    'other.example.edu': ['127.0.0.1'],
    'internal.example.edu': ['10.0.0.1'],
  });
  const fetchPage = createGuardedFetcher({ allowLoopback: true, lookup: dns });

  it('follows a redirect to another allowed host and re-resolves it', async () => {
    dns.calls.length = 0;
    const page = await fetchPage(course('/to-page'), { signal: signal() });
    expect(page.url).toBe(`http://other.example.edu:${server.port}/page`);
    expect(dns.calls).toEqual(['course.example.edu', 'other.example.edu']);
  });

  it('refuses a redirect from an allowed host to http://10.0.0.1/', async () => {
    const err = await failure(fetchPage(course('/to-private-ip'), { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toBe('The course page redirected to an address that points to a private network (10.0.0.1), which ScholarSource does not fetch.');
  });

  it('refuses a redirect to a name that resolves to a private address', async () => {
    const err = await failure(fetchPage(course('/to-private-name'), { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('redirected to an address that points to a private network (10.0.0.1)');
    expect(requests.map((r) => r.url)).toEqual(['/to-private-name']);
  });

  it('refuses a redirect to a file: address', async () => {
    const err = await failure(fetchPage(course('/to-file'), { signal: signal() }));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('redirected to a "file:" address');
  });

  it('follows exactly 5 redirects', async () => {
    const page = await fetchPage(course('/r/5'), { signal: signal() });
    expect(page.url).toBe(course('/r/0'));
    expect(requests).toHaveLength(6);
  });

  it('refuses more than 5 redirects', async () => {
    const err = await failure(fetchPage(course('/r/6'), { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.message).toBe('The course page redirected more than 5 times, so ScholarSource stopped following it.');
    expect(requests).toHaveLength(6);
  });
});

describe('guarded fetch: caps and answers', () => {
  const fetchPage = createGuardedFetcher({ allowLoopback: true, maxBytes: 1024 });

  it('refuses a body over the cap (declared length)', async () => {
    const err = await failure(fetchPage(local('/big'), { signal: signal() }));
    expect(err.code).toBe('page_unsupported');
    expect(err.message).toBe('The course page is larger than 1 KB, the most ScholarSource reads.');
  });

  it('refuses a body over the cap (chunked, counted while reading)', async () => {
    const err = await failure(fetchPage(local('/big-chunked'), { signal: signal() }));
    expect(err.code).toBe('page_unsupported');
    expect(err.message).toContain('larger than 1 KB');
  });

  it('counts the cap on decompressed bytes', async () => {
    const err = await failure(createGuardedFetcher({ allowLoopback: true, maxBytes: 64 * 1024 })(local('/bomb'), { signal: signal() }));
    expect(err.code).toBe('page_unsupported');
    expect(err.message).toContain('larger than 64 KB');
  });

  it('says the default cap is 5 MB', async () => {
    const { fetchErrors } = await import('../../../src/pipeline/fetch/fetch-errors');
    expect(fetchErrors('The course page').tooLarge(5 * 1024 * 1024).message).toContain('larger than 5 MB');
  });

  it('gives up on a slow server after timeoutMs', async () => {
    const started = Date.now();
    const err = await failure(createGuardedFetcher({ allowLoopback: true, timeoutMs: 200 })(local('/slow'), { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.message).toBe('The course page did not answer within 200 ms.');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a content type outside accept, naming it', async () => {
    const err = await failure(fetchPage(local('/png'), { signal: signal() }));
    expect(err.code).toBe('page_unsupported');
    expect(err.message).toContain('is of type "image/png"');
  });

  it('honours a narrower accept list', async () => {
    const err = await failure(fetchPage(local('/page'), { signal: signal(), accept: ['application/pdf'] }));
    expect(err.code).toBe('page_unsupported');
    expect(err.message).toContain('"text/html", which ScholarSource cannot read (it reads application/pdf)');
  });

  it('refuses an unknown content encoding', async () => {
    const err = await failure(fetchPage(local('/zstd'), { signal: signal() }));
    expect(err.code).toBe('page_unsupported');
    expect(err.message).toContain('"zstd"');
  });

  it('maps 404 to page_unreachable, not retryable', async () => {
    const err = await failure(fetchPage(local('/missing'), { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('was not found on 127.0.0.1 (HTTP 404)');
  });

  it('maps 429 with Retry-After: 7 to upstream_busy', async () => {
    const err = await failure(fetchPage(local('/busy'), { signal: signal() }));
    expect(err.code).toBe('upstream_busy');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBe(7);
    expect(err.message).toContain('busy right now (HTTP 429); please try again in 7 s');
  });

  it('maps 503 with an HTTP-date Retry-After to upstream_busy', async () => {
    const err = await failure(fetchPage(local('/unavailable'), { signal: signal() }));
    expect(err.code).toBe('upstream_busy');
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(31);
  });
});

describe('guarded fetch: network failures and cancellation', () => {
  it('aborts mid-response, rejects with aborted and closes the socket', async () => {
    const started = new Promise<void>((resolve) => {
      markResponseStarted = resolve;
    });
    const controller = new AbortController();
    const pending = createGuardedFetcher({ allowLoopback: true })(local('/stream'), { signal: controller.signal });
    await started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const err = await failure(pending);
    expect(err.code).toBe('aborted');
    expect(err.message).toBe('Fetching the course page was cancelled.');
    await expect(abortedSocketClosed).resolves.toBeUndefined();
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await failure(createGuardedFetcher({ allowLoopback: true })(local('/page'), { signal: controller.signal }));
    expect(err.code).toBe('aborted');
    expect(requests).toHaveLength(0);
  });

  it('maps an unknown host to page_unreachable', async () => {
    const err = await failure(createGuardedFetcher({ lookup: fakeDns({}) })('https://nowhere.example.edu/', { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.message).toBe('The course page could not be reached: the site "nowhere.example.edu" was not found. Please check the address.');
  });

  it('a name service that does not answer (EAI_AGAIN) is a retryable failure, not a wrong address', async () => {
    const dnsDown = Object.assign(() => Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN ocw.mit.edu'), { code: 'EAI_AGAIN' })), { calls: [] });
    const err = await failure(createGuardedFetcher({ lookup: dnsDown })('https://ocw.mit.edu/courses/x/', { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('The course page could not be reached: the name "ocw.mit.edu" could not be looked up just now. Please try again later.');
  });

  it('maps a connection closed mid-body to page_unreachable', async () => {
    const err = await failure(createGuardedFetcher({ allowLoopback: true })(local('/truncated'), { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.message).toContain('127.0.0.1 closed the connection before the page finished loading');
  });

  it('maps a corrupt gzip body to page_unreachable', async () => {
    const err = await failure(createGuardedFetcher({ allowLoopback: true })(local('/bad-gzip'), { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.message).toBe('The course page sent compressed data that could not be unpacked.');
  });

  it('maps a refused connection to page_unreachable', async () => {
    const closed = await startHttpServer((_req, res) => res.end());
    await closed.close();
    const err = await failure(createGuardedFetcher({ allowLoopback: true })(`${closed.origin}/`, { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.message).toContain('127.0.0.1 refused the connection');
  });
});

describe('guarded fetch: https', () => {
  const key = readFileSync(new URL('./fixtures/self-signed-key.pem', import.meta.url));
  const cert = readFileSync(new URL('./fixtures/self-signed-cert.pem', import.meta.url));
  let secure: TestServer;
  let sniSeen: string[] = [];

  beforeAll(async () => {
    const context = tls.createSecureContext({ key, cert });
    secure = await startHttpsServer(
      {
        key,
        cert,
        SNICallback: (servername, done) => {
          sniSeen.push(servername);
          done(null, context);
        },
      },
      (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(HTML),
    );
  });
  afterAll(async () => {
    await secure.close();
  });

  it('sends the original host name as SNI to the pinned address and verifies the certificate', async () => {
    sniSeen = [];
    const fetchPage = createGuardedFetcher({ allowLoopback: true, lookup: fakeDns({ 'course.example.edu': ['127.0.0.1'] }) });
    const err = await failure(fetchPage(`https://course.example.edu:${secure.port}/`, { signal: signal() }));
    expect(err.code).toBe('page_unreachable');
    expect(err.message).toBe('The course page could not be reached: the secure connection to course.example.edu could not be verified.');
    expect(sniSeen).toEqual(['course.example.edu']);
  });
});
