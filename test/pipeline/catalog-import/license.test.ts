import { describe, it, expect } from 'vitest';
import { licenseFromNote, licenseFromText, licenseFromUrl } from '../../../src/pipeline/catalog/import/index';
import type { LicenseId } from '../../../src/contracts/vocabulary';

const TABLE: [string, LicenseId | null][] = [
  // Creative Commons, spelled out (the OCW export's wording and the official titles)
  ['Creative Commons Attribution Non Commercial Share Alike 4.0', 'CC-BY-NC-SA-4.0'],
  ['Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International', 'CC-BY-NC-SA-4.0'],
  ['Creative Commons Attribution 4.0 International', 'CC-BY-4.0'],
  ['Creative Commons Attribution-ShareAlike 3.0 Unported', 'CC-BY-SA-3.0'],
  ['Creative Commons Attribution-NonCommercial 2.5 Generic', 'CC-BY-NC-2.5'],
  ['Creative Commons Attribution-NoDerivatives 4.0 International', 'CC-BY-ND-4.0'],
  ['Creative Commons Attribution-NonCommercial-NoDerivs 3.0', 'CC-BY-NC-ND-3.0'],
  ['Attribution-NonCommercial-ShareAlike 4.0 International', 'CC-BY-NC-SA-4.0'],
  // abbreviations, with and without versions (unversioned = 4.0)
  ['CC BY 4.0', 'CC-BY-4.0'],
  ['CC BY 2.0', 'CC-BY-2.0'],
  ['CC BY-SA', 'CC-BY-SA-4.0'],
  ['CC BY-NC', 'CC-BY-NC-4.0'],
  ['CC BY-NC-SA 4.0', 'CC-BY-NC-SA-4.0'],
  ['cc-by-nc-sa-3.0', 'CC-BY-NC-SA-3.0'],
  ['CC BY-NC-ND', 'CC-BY-NC-ND-4.0'],
  ['CC BY-ND', 'CC-BY-ND-4.0'],
  ['CC-BY-SA-2.5', 'CC-BY-SA-2.5'],
  // licence URLs
  ['https://creativecommons.org/licenses/by-nc-sa/4.0/', 'CC-BY-NC-SA-4.0'],
  ['http://creativecommons.org/licenses/by/3.0/', 'CC-BY-3.0'],
  ['https://creativecommons.org/publicdomain/zero/1.0/', 'CC0-1.0'],
  ['https://creativecommons.org/publicdomain/mark/1.0/', 'public-domain'],
  // CC0 and public domain
  ['CC0', 'CC0-1.0'],
  ['CC0 1.0 Universal (Public Domain Dedication)', 'CC0-1.0'],
  ['Public Domain', 'public-domain'],
  ['public-domain', 'public-domain'],
  // software and documentation licences
  ['MIT', 'MIT'],
  ['MIT License', 'MIT'],
  ['The MIT Licence', 'MIT'],
  ['Apache 2.0', 'Apache-2.0'],
  ['Apache License, Version 2.0', 'Apache-2.0'],
  ['Apache-2.0', 'Apache-2.0'],
  ['GFDL', 'GFDL-1.3'],
  ['GNU Free Documentation License 1.3', 'GFDL-1.3'],
  ['GPL', 'GPL-3.0'],
  ['GPLv3', 'GPL-3.0'],
  ['GNU General Public License v3', 'GPL-3.0'],
  // versions we have no id for, or ambiguous / non-open statements: never guessed
  ['GPLv2', null],
  ['LGPL 3.0', null],
  ['GNU Free Documentation License 1.2', null],
  ['Apache License 1.1', null],
  ['CC BY-ND 3.0', null],
  ['CC BY 1.0', null],
  ['CC BY-SA-ND', null],
  ['CC', null],
  ['All rights reserved', null],
  ['Free to read online', null],
  ['', null],
];

describe('licenseFromText', () => {
  it.each(TABLE)('%j → %s', (text, expected) => {
    expect(licenseFromText(text)).toBe(expected);
  });
});

describe('licenseFromNote (text beside a list entry)', () => {
  it('reads explicit licence notes', () => {
    expect(licenseFromNote('CC BY-NC-SA')).toBe('CC-BY-NC-SA-4.0');
    expect(licenseFromNote('CC BY-NC-SA 4.0')).toBe('CC-BY-NC-SA-4.0');
    expect(licenseFromNote('GFDL')).toBe('GFDL-1.3');
    expect(licenseFromNote('MIT License')).toBe('MIT');
  });

  it('does not read an institute or a product as a licence', () => {
    expect(licenseFromNote('MIT')).toBeNull();
    expect(licenseFromNote('Apache Spark')).toBeNull();
    expect(licenseFromNote('PDF, EPUB')).toBeNull();
    expect(licenseFromNote('CC')).toBeNull();
  });
});

describe('licenseFromUrl', () => {
  it('reads a licence spelled out in the path', () => {
    expect(licenseFromUrl('https://example.org/books/cc-by-sa-4.0/algebra.pdf')).toBe('CC-BY-SA-4.0');
    expect(licenseFromUrl('https://example.org/licence_cc_by_nc/book.html')).toBe('CC-BY-NC-4.0');
  });

  it('ignores ordinary URLs', () => {
    expect(licenseFromUrl('https://openstax.org/details/books/college-physics-2e')).toBeNull();
    expect(licenseFromUrl('https://example.org/accbyte/')).toBeNull();
  });
});
