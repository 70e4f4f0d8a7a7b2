import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedPipeline } from '../support/pipelines';
import { getJson, postJson, startTestServer, waitForStatus, type TestServer } from '../support/server';

async function rawPost(url: string, body: string | undefined, contentType = 'application/json') {
  const res = await fetch(url, { method: 'POST', headers: body === undefined ? {} : { 'content-type': contentType }, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json };
}

describe('bad input gets a 4xx that names the field and says why', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(derivedPipeline());
  });
  afterAll(async () => s.close());

  const submit = (body: unknown) => postJson(`${s.url}/api/submit`, body);
  const countJobs = async () => (await s.store.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs')).rows[0]?.n;

  it.each([
    ['a javascript: course URL', { course_url: 'javascript:alert(1)' }, 'course_url'],
    ['a file: book URL', { book_url: 'file:///etc/passwd' }, 'book_url'],
    ['a bad ISBN checksum', { isbn: '978-0-262-52962-5' }, 'isbn'],
    ['an ISBN of the wrong length', { isbn: '12345' }, 'isbn'],
    ['an over-long title', { book_title: 'x'.repeat(201) }, 'book_title'],
    ['an over-long syllabus', { syllabus_text: 'x'.repeat(50_001) }, 'syllabus_text'],
    ['an over-long topics list', { topics_list: 'a,'.repeat(501) }, 'topics_list'],
    ['a wrong type', { book_title: 42 }, 'book_title'],
    ['max_results out of range', { topics_list: 'x', max_results: 9 }, 'max_results'],
    ['an unknown resource type', { topics_list: 'x', desired_resource_types: ['podcasts'] }, 'desired_resource_types.0'],
    ['localhost as a target site', { topics_list: 'x', targeted_sites: 'localhost' }, 'targeted_sites'],
    ['an IP as an excluded site', { topics_list: 'x', excluded_sites: '10.0.0.1' }, 'excluded_sites'],
    ['an unknown field', { topics_list: 'x', colour: 'blue' }, 'colour'],
    ['a control character in a URL', { course_url: 'https://ocw.mit.edu/\u0000x' }, 'course_url'],
    ['a non-uuid upload id', { book_upload_id: '../../etc' }, 'book_upload_id'],
  ])('%s → 422 naming the field', async (_what, body, field) => {
    const before = await countJobs();
    const r = await submit(body);
    expect(r.status).toBe(422);
    expect(r.body.detail.error).toBe('validation_error');
    expect(r.body.detail.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(r.body.detail.message).toContain(field);
    expect(await countJobs()).toBe(before);
  });

  it.each([
    [{ book_title: 123 }, 'book_title', /must be a string/],
    [{ topics_list: 'x', max_results: '6' }, 'max_results', /must be a number/],
    [{ topics_list: 'x', max_results: 6.5 }, 'max_results', /whole number/],
    [{ topics_list: 'x', bypass_cache: 'yes' }, 'bypass_cache', /true or false/],
    [{ topics_list: 'x', desired_resource_types: 'textbooks' }, 'desired_resource_types', /JSON array/],
    [{ book_title: 'Calc\r\nX-Injected: 1' }, 'book_title', /one line/],
    [{ book_title: 'abc\u202edef' }, 'book_title', /one line/],
    [{ course_url: 'http://user:pass@ocw.mit.edu/courses/x' }, 'course_url', /user name or password/],
    [{ course_url: 'http://LOCALHOST./x' }, 'course_url', /this machine/],
  ])('%j → 422 that says what the field must be', async (body, field, problem) => {
    const r = await submit(body);
    expect(r.status).toBe(422);
    const f = r.body.detail.fields.find((x: { field: string }) => x.field === field);
    expect(f.problem).toMatch(problem);
    expect(r.body.detail.fields.filter((x: { field: string }) => x.field === field)).toHaveLength(1);
  });

  it('null for an optional field counts as absent, and site lists may be JSON arrays', async () => {
    const r = await submit({ topics_list: 'limits', book_author: null, targeted_sites: ['openstax.org', 'ocw.mit.edu'] });
    expect(r.status).toBe(200);
  });

  it('router-level errors use the API error shape', async () => {
    const res = await fetch(`${s.url}/api/status/%ff`);
    expect(res.status).toBe(400);
    const body: any = await res.json();
    expect(body.detail.error).toBe('bad_request');
    expect(JSON.stringify(body)).not.toMatch(/FST_/);
  });

  it('a multipart upload without a boundary gets 400, not 500', async () => {
    const res = await fetch(`${s.url}/api/uploads`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).detail.error).toBe('bad_multipart');
  });

  it('a body with nothing to search on gets 400 that lists what to give', async () => {
    for (const body of [{}, { book_author: 'Strang' }, { book_title: '   ', max_results: 5 }]) {
      const r = await submit(body);
      expect(r.status).toBe(400);
      expect(r.body.detail.error).toBe('missing_input');
      expect(r.body.detail.message).toMatch(/book_title/);
    }
  });

  it('an empty body, non-JSON and JSON that is not an object get 4xx with a readable message', async () => {
    const empty = await rawPost(`${s.url}/api/submit`, '');
    expect(empty.status).toBe(400);
    expect(empty.json.detail.message).toMatch(/empty/);
    const none = await rawPost(`${s.url}/api/submit`, undefined);
    expect([400, 415, 422]).toContain(none.status);
    const broken = await rawPost(`${s.url}/api/submit`, '{"book_title": ');
    expect(broken.status).toBe(400);
    expect(broken.json.detail.message).toMatch(/not valid JSON/);
    const text = await rawPost(`${s.url}/api/submit`, 'book_title=x', 'text/plain');
    expect(text.status).toBe(415);
    for (const body of ['[]', '"x"', '42', 'null']) {
      const r = await rawPost(`${s.url}/api/submit`, body);
      expect(r.status).toBe(422);
      expect(r.json.detail.fields[0].field).toBe('(body)');
    }
  });

  it('priority other than normal needs the admin token', async () => {
    const r = await submit({ topics_list: 'x', priority: 'high' });
    expect(r.status).toBe(403);
    expect(r.body.detail.fields[0].field).toBe('priority');
  });

  it('a POST from a foreign Origin is refused; one without Origin is fine', async () => {
    const r = await postJson(`${s.url}/api/submit`, { topics_list: 'x' }, { origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body.detail.error).toBe('origin_not_allowed');
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const other = await fetch(`${s.url}/api/submit`, { method, headers: { origin: 'https://evil.example' } });
      expect(other.status).toBe(403);
    }
    expect((await fetch(`${s.url}/api/health`, { headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('fuzz: 2,000 generated and mutated bodies never get a 5xx and the server stays up', async () => {
    const valid = {
      book_title: 'Calculus', book_author: 'Strang', isbn: '9780262529624', course_url: 'https://ocw.mit.edu/c',
      topics_list: 'limits, derivatives', max_results: 6, desired_resource_types: ['textbooks'], targeted_sites: 'ocw.mit.edu',
      bypass_cache: true, syllabus_text: 'Week 1: limits',
    };
    const keys = [...Object.keys(valid), 'book_url', 'course_name', 'university_name', 'book_upload_id', 'excluded_sites', 'priority', 'email', '__proto__', 'constructor', 'x'];
    const anyValue = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 20 }), { maxLength: 10 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
      fc.constantFrom('javascript:x', 'file:///x', 'http://127.0.0.1/', 'https://[::1]/', '978-0-13-468599-1', ' ', '\u0000', 'x'.repeat(60_000)),
    );
    const mutated = fc.record({ key: fc.constantFrom(...keys), value: anyValue, drop: fc.subarray(Object.keys(valid)) }).map(({ key, value, drop }) => {
      const b: Record<string, unknown> = { ...valid };
      for (const d of drop) delete b[d];
      b[key] = value;
      return JSON.stringify(b);
    });
    const generated = fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 6 }).map((d) => JSON.stringify(d));
    const raw = fc.oneof(fc.string({ maxLength: 200 }), fc.json(), fc.constantFrom('{', '{"a":}', '\uFEFF{}', '{"book_title":"\\ud800"}'));
    const bodies = fc.sample(fc.oneof(mutated, generated, raw), { numRuns: 2000, seed: 20261203 });
    expect(bodies.length).toBe(2000);
    const statuses = new Map<number, number>();
    for (let i = 0; i < bodies.length; i += 20) {
      const batch = await Promise.all(bodies.slice(i, i + 20).map((b) => rawPost(`${s.url}/api/submit`, b)));
      for (const r of batch) {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status >= 500) throw new Error(`5xx for a fuzzed body: ${r.text.slice(0, 200)}`);
        if (r.status >= 400) {
          expect(r.json?.detail?.message, r.text.slice(0, 200)).toBeTypeOf('string');
          expect(r.text).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
        }
      }
    }
    expect([...statuses.keys()].every((k) => k < 500)).toBe(true);
    expect((await getJson(`${s.url}/api/health`)).status).toBe(200);
    const half = await s.store.store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE status = 'pending'");
    await new Promise((r) => setTimeout(r, 200));
    expect(half.rows[0]?.n ?? 0).toBeLessThanOrEqual(20);
  }, 180_000);
});

describe('rate limits', () => {
  it('2 submits per minute pass and the 3rd gets 429 with Retry-After', async () => {
    const s = await startTestServer(derivedPipeline(), { RATE_LIMIT_SUBMIT_PER_MINUTE: '2', RATE_LIMIT_SUBMIT_PER_HOUR: '10' });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push(await postJson(`${s.url}/api/submit`, { topics_list: `t${i}` }));
      expect(codes.map((c) => c.status)).toEqual([200, 200, 429]);
      const limited = codes[2]!;
      const retry = Number(limited.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
      expect(limited.body.detail.error).toBe('rate_limited');
      expect(limited.body).toMatchObject({ error: 'rate_limited', retry_after: retry, limit: '2 per minute' });
      // Status checks have their own bucket and still pass.
      expect((await getJson(`${s.url}/api/status/${codes[0]!.body.job_id}`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('repeating a submit with its Idempotency-Key does not use up the quota, and reports the current status', async () => {
    const s = await startTestServer(derivedPipeline(), { RATE_LIMIT_SUBMIT_PER_MINUTE: '1' });
    try {
      const first = await postJson(`${s.url}/api/submit`, { topics_list: 'graphs' }, { 'idempotency-key': 'retry-1' });
      expect(first.status).toBe(200);
      await waitForStatus(s.url, first.body.job_id, ['completed']);
      for (let i = 0; i < 3; i++) {
        const again = await postJson(`${s.url}/api/submit`, { topics_list: 'graphs' }, { 'idempotency-key': 'retry-1' });
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ job_id: first.body.job_id, status: 'completed' });
      }
      expect((await postJson(`${s.url}/api/submit`, { topics_list: 'trees' })).status).toBe(429);
    } finally {
      await s.close();
    }
  });

  it('status checks are limited per client too', async () => {
    const s = await startTestServer(derivedPipeline(), { RATE_LIMIT_STATUS_PER_MINUTE: '3' });
    try {
      const sub = await postJson(`${s.url}/api/submit`, { topics_list: 'x' });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await getJson(`${s.url}/api/status/${sub.body.job_id}`)).status);
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await s.close();
    }
  });
});
