import { describe, it, expect } from 'vitest';
import { PipelineError } from '../../../src/pipeline/errors';
import { fetchErrors } from '../../../src/pipeline/fetch/fetch-errors';
import { hostTarget, vetUrl } from '../../../src/pipeline/fetch/url-policy';

const errs = fetchErrors('The course page');

const thrown = (fn: () => unknown): PipelineError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof PipelineError) return err;
    throw err;
  }
  throw new Error('expected a PipelineError');
};

describe('WHATWG URL normalisation of IPv4 literals (checked, not assumed)', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
  ])('new URL(%s).hostname is %s', (raw, hostname) => {
    expect(new URL(raw).hostname).toBe(hostname);
  });
});

describe('hostTarget', () => {
  it('parses legacy IPv4 forms itself, without relying on URL normalisation', () => {
    expect(hostTarget('2130706433')).toEqual({ kind: 'ip', address: '127.0.0.1', family: 4 });
    expect(hostTarget('0177.0.0.1')).toEqual({ kind: 'ip', address: '127.0.0.1', family: 4 });
    expect(hostTarget('0x7f.1')).toEqual({ kind: 'ip', address: '127.0.0.1', family: 4 });
    expect(hostTarget('127.1')).toEqual({ kind: 'ip', address: '127.0.0.1', family: 4 });
    expect(hostTarget('10.0.0.1.')).toEqual({ kind: 'ip', address: '10.0.0.1', family: 4 });
  });

  it('unbrackets IPv6 and keeps names as names', () => {
    expect(hostTarget('[::1]')).toEqual({ kind: 'ip', address: '::1', family: 6 });
    expect(hostTarget('course.example.edu')).toEqual({ kind: 'name', name: 'course.example.edu' });
    expect(hostTarget('1.2.3.4.5')).toBeUndefined();
    expect(hostTarget('[nope]')).toBeUndefined();
  });
});

describe('vetUrl', () => {
  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'ftp://example.edu/x', 'gopher://example.edu/'])(
    'refuses %s as blocked_url naming the scheme',
    (raw) => {
      const err = thrown(() => vetUrl(raw, errs));
      expect(err.code).toBe('blocked_url');
      expect(err.message).toContain(`(it starts with "${new URL(raw).protocol}")`);
    },
  );

  it('refuses credentials', () => {
    const err = thrown(() => vetUrl('https://student:secret@course.example.edu/', errs));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('user name or password');
  });

  it('refuses unparseable input as bad_input', () => {
    const err = thrown(() => vetUrl('not a url', errs));
    expect(err.code).toBe('bad_input');
    expect(err.message).toBe('The course page address is not a valid web address.');
  });

  it('resolves redirects against the current URL and words errors as redirects', () => {
    const base = new URL('https://course.example.edu/a/b');
    expect(vetUrl('../c?x=1', errs, base).url.href).toBe('https://course.example.edu/c?x=1');
    expect(vetUrl('//10.0.0.1/', errs, base).host).toEqual({ kind: 'ip', address: '10.0.0.1', family: 4 });
    const err = thrown(() => vetUrl('javascript:alert(1)', errs, base));
    expect(err.code).toBe('blocked_url');
    expect(err.message).toContain('redirected to a "javascript:" address');
  });
});
