import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, loadConfig } from '../../src/config/config';

describe('configuration', () => {
  it('with nothing set, runs embedded with the documented defaults', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('embedded');
    expect(c.PORT).toBe(8000);
    expect(c.RATE_LIMIT_SUBMIT_PER_MINUTE).toBe(2);
    expect(c.RATE_LIMIT_SUBMIT_PER_HOUR).toBe(10);
    expect(c.RATE_LIMIT_STATUS_PER_MINUTE).toBe(100);
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('picks the mode from DATABASE_URL and REDIS_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).mode).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://h' }).mode).toBe('distributed');
  });

  it('refuses a bad value with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('refuses the test-only loopback setting in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', FETCH_ALLOW_LOOPBACK: 'true' })).toThrow(/test-only/);
  });

  it('.env.example documents every variable the schema reads', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = ENV_KEYS.filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
    // Each variable once, and nothing the schema does not read.
    const all = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] ?? '');
    expect(all.filter((k, i) => all.indexOf(k) !== i)).toEqual([]);
    expect(all.filter((k) => !ENV_KEYS.includes(k))).toEqual([]);
  });
});
