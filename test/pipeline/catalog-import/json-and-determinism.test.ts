import { describe, it, expect } from 'vitest';
import { CatalogEntry } from '../../../src/pipeline/catalog/entry';
import { detectFormat, entryId, checkUrl, parseCatalogFile } from '../../../src/pipeline/catalog/import/index';
import { importList, LISTS, readList } from './fixtures';

const ALL = Object.values(LISTS);

describe('JSON import', () => {
  it('round-trips exported entries (array form and {entries} form)', () => {
    const source = importList(LISTS.science).entries;
    const asArray = parseCatalogFile(JSON.stringify(source), { format: 'json', origin: 'other.json' });
    expect(asArray).toMatchObject({ format: 'json', read: source.length, accepted: source.length, rejected: [] });
    expect(asArray.entries).toEqual(source); // existing id and origin are kept
    const wrapped = parseCatalogFile(JSON.stringify({ entries: source }, null, 2), { format: 'json', origin: 'other.json' });
    expect(wrapped.entries).toEqual(source);
  });

  it('fills a missing id and origin the same way the other importers do', () => {
    const source = importList(LISTS.math).entries.slice(0, 20);
    const stripped = source.map(({ id: _id, origin: _origin, ...rest }) => rest);
    const r = parseCatalogFile(JSON.stringify(stripped), { format: 'json', origin: LISTS.math });
    expect(r.entries).toEqual(source);
    const first = source[0] as CatalogEntry;
    const key = checkUrl(first.url);
    expect(key.ok && entryId(LISTS.math, key.key)).toBe(first.id);
  });

  it('rejects invalid objects with the schema problem', () => {
    const good = importList(LISTS.science).entries[0] as CatalogEntry;
    const items = [
      { ...good, id: undefined, subjects: ['alchemy'] },
      { ...good, id: undefined, url: 'https://example.org/other', topics: [] },
      { ...good, id: 'Not A Slug', url: 'https://example.org/third' },
      { ...good, id: undefined, url: 'mailto:x@example.org' },
      { title: 'no url' },
      'just a string',
      { ...good, id: undefined },
      { ...good, id: undefined, extra: true, url: 'https://example.org/fourth' },
    ];
    const r = parseCatalogFile(JSON.stringify(items), { format: 'json', origin: 'bad.json' });
    expect(r.read).toBe(8);
    expect(r.accepted).toBe(1);
    const reasons = r.rejected.map((x) => x.reason);
    expect(reasons[0]).toMatch(/^entry 0: schema: subjects\.0: Invalid option/);
    expect(reasons[1]).toMatch(/^entry 1: schema: topics: Too small/);
    expect(reasons[2]).toMatch(/^entry 2: schema: id: id is a lowercase slug/);
    expect(reasons[3]).toBe('entry 3: not an http(s) URL (mailto:)');
    expect(reasons[4]).toBe('entry 4: url is missing or not a string');
    expect(reasons[5]).toBe('entry 5: not an object');
    expect(reasons[6]).toMatch(/^entry 7: schema: .*[Uu]nrecognized key/);
    // entry 6 is the only valid one (entry 0 failed validation, so its URL was free)
    expect(r.entries[0]?.origin).toBe(good.origin);
  });

  it('reports unreadable JSON instead of throwing', () => {
    expect(parseCatalogFile('{ nope', { format: 'json', origin: 'x.json' }).rejected[0]?.reason).toMatch(/^invalid JSON/);
    expect(parseCatalogFile('{"items": []}', { format: 'json', origin: 'x.json' }).rejected[0]?.reason).toMatch(/array of entries/);
  });
});

describe('determinism', () => {
  it('parsing twice gives deep-equal entries with the same ids', () => {
    for (const file of ALL) {
      const content = readList(file);
      const opts = { format: detectFormat(file, content), origin: file };
      const a = parseCatalogFile(content, opts);
      const b = parseCatalogFile(content, opts);
      expect(b).toEqual(a);
      expect(b.entries.map((e) => e.id)).toEqual(a.entries.map((e) => e.id));
    }
  });

  it('ids depend on origin and normalised URL only', () => {
    const a = parseCatalogFile('## Physics\n* [A](https://www.example.org/x/)', { format: 'markdown', origin: 'one.md' });
    const b = parseCatalogFile('## Chemistry\n* [B](http://example.org/x#top)', { format: 'markdown', origin: 'one.md' });
    const c = parseCatalogFile('## Physics\n* [A](https://www.example.org/x/)', { format: 'markdown', origin: 'two.md' });
    expect(a.entries[0]?.id).toBe(b.entries[0]?.id);
    expect(a.entries[0]?.id).not.toBe(c.entries[0]?.id);
    expect(a.entries[0]?.id).toMatch(/^import-[0-9a-f]{16}$/);
  });

  // Import speed is measured by `npm run bench`, not asserted here: this machine is shared and noisy.
  it('imports all six lists, each detected in its own format', () => {
    let accepted = 0;
    for (const file of ALL) {
      const content = readList(file);
      accepted += parseCatalogFile(content, { format: detectFormat(file, content), origin: file }).accepted;
    }
    expect(accepted).toBeGreaterThan(6500);
  });
});

describe('detectFormat', () => {
  it('uses the extension, then the content', () => {
    expect(detectFormat('ocw_oer_export.csv', '')).toBe('csv');
    expect(detectFormat('catalog.json', '')).toBe('json');
    expect(detectFormat('README.md', '')).toBe('markdown');
    expect(detectFormat('list.txt', '[{"title": "x"}]')).toBe('json');
    expect(detectFormat('list.txt', '{"entries": []}')).toBe('json');
    expect(detectFormat('list.txt', '[Book](https://x.org) is a link')).toBe('markdown');
    expect(detectFormat('list.txt', '## Books\n* [A](https://a.org)')).toBe('markdown');
    expect(detectFormat('export', 'title,url,type\nA,https://a.org,textbook')).toBe('csv');
    for (const file of ALL) expect(detectFormat(file, readList(file))).toBe(file.endsWith('.csv') ? 'csv' : 'markdown');
  });
});
