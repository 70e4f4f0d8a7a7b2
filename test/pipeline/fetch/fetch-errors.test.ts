import { describe, it, expect } from 'vitest';
import { decodeText, isAccepted, parseContentType, type GuardedPage } from '../../../src/pipeline/fetch/decode-text';
import { formatBytes, formatDuration, parseRetryAfter } from '../../../src/pipeline/fetch/fetch-errors';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delay seconds and HTTP-dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(' 120 ', now)).toBe(120);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores missing or garbage values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats sizes and durations for students', () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(100)).toBe('100 bytes');
    expect(formatDuration(15_000)).toBe('15 s');
    expect(formatDuration(250)).toBe('250 ms');
  });
});

describe('content type and text decoding', () => {
  it('parses the media type and charset', () => {
    expect(parseContentType('Text/HTML; Charset="ISO-8859-1"')).toEqual({ type: 'text/html', charset: 'iso-8859-1' });
    expect(parseContentType('application/pdf')).toEqual({ type: 'application/pdf' });
    expect(parseContentType(undefined)).toEqual({ type: '' });
  });

  it('matches accepted types, with wildcards', () => {
    expect(isAccepted('text/html', ['text/html'])).toBe(true);
    expect(isAccepted('text/csv', ['text/*'])).toBe(true);
    expect(isAccepted('image/png', ['text/html', 'text/*'])).toBe(false);
    expect(isAccepted('', ['text/*'])).toBe(false);
  });

  const page = (body: Buffer, extra: Partial<GuardedPage> = {}): GuardedPage => ({
    url: 'https://course.example.edu/',
    status: 200,
    contentType: 'text/html',
    body,
    ...extra,
  });

  it('decodes with the declared charset, a BOM, a meta tag, or UTF-8', () => {
    expect(decodeText(page(Buffer.from([0x63, 0x61, 0x66, 0xe9]), { charset: 'iso-8859-1' }))).toBe('café');
    expect(decodeText(page(Buffer.from('café', 'utf8')))).toBe('café');
    expect(decodeText(page(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hé', 'utf16le')])))).toBe('hé');
    const meta = Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>'), Buffer.from([0x93, 0x68, 0x69, 0x94])]);
    expect(decodeText(page(meta))).toBe('<meta charset="windows-1252"><p>\u201chi\u201d');
    expect(decodeText(page(Buffer.from('ok'), { charset: 'no-such-charset' }))).toBe('ok');
  });
});
