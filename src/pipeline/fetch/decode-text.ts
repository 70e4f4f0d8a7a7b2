/** Content-Type parsing and text decoding for fetched pages. */
import { TextDecoder } from 'node:util';
import type { FetchedPage } from './types';

/** A fetched page that also remembers the charset the server declared (still a `FetchedPage`). */
export interface GuardedPage extends FetchedPage {
  /** Lowercased `charset` parameter of the Content-Type header, when there was one. */
  charset?: string;
}

export interface ParsedContentType {
  /** Media type without parameters, lowercased; '' when absent. */
  type: string;
  charset?: string;
}

export function parseContentType(header: string | undefined): ParsedContentType {
  if (header === undefined) return { type: '' };
  const [typePart = '', ...params] = header.split(';');
  const type = typePart.trim().toLowerCase();
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (value !== '') return { type, charset: value };
  }
  return { type };
}

/** Whether `type` matches one of the accepted media types (`type/*` wildcards allowed). */
export function isAccepted(type: string, accept: readonly string[]): boolean {
  if (type === '') return false;
  return accept.some((a) => {
    const pattern = a.trim().toLowerCase();
    return pattern === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1)));
  });
}

const BOMS: readonly (readonly [bytes: readonly number[], encoding: string])[] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function sniffBom(body: Buffer): string | undefined {
  return BOMS.find(([bytes]) => bytes.every((b, i) => body[i] === b))?.[1];
}

function sniffHtmlMeta(page: FetchedPage): string | undefined {
  if (page.contentType !== 'text/html' && page.contentType !== 'application/xhtml+xml') return undefined;
  const head = page.body.subarray(0, 1024).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase();
}

/** Code points of bytes 0x80-0x9F in windows-1252 (Node 20's TextDecoder treats them as latin1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(body: Buffer): string {
  let out = '';
  for (const byte of body) out += String.fromCharCode(byte >= 0x80 && byte < 0xa0 ? (CP1252_HIGH[byte - 0x80] ?? byte) : byte);
  return out;
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined; // unknown charset label
  }
}

/**
 * Decodes a page body to text: a byte-order mark wins, then the declared charset, then an HTML
 * `<meta charset>`, then UTF-8. Unknown charsets fall back to UTF-8; bad bytes become U+FFFD.
 */
export function decodeText(page: FetchedPage): string {
  const declared = 'charset' in page && typeof page.charset === 'string' ? page.charset : undefined;
  const decoder =
    decoderFor(sniffBom(page.body)) ?? decoderFor(declared) ?? decoderFor(sniffHtmlMeta(page)) ?? new TextDecoder('utf-8');
  // WHATWG maps latin1, iso-8859-1 and ascii labels to windows-1252 too.
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(page.body) : decoder.decode(page.body);
}
