/** Reads a response body with decompression and a cap on decompressed bytes. */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * The decompressor for a Content-Encoding header: `null` for identity, a Transform for gzip,
 * deflate or br, or the unsupported encoding's name as a string.
 */
export function decoderFor(header: string | undefined): Transform | null | string {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return null;
  if (codings.length > 1) return codings.join(', ');
  const [coding = ''] = codings;
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip();
  if (coding === 'deflate') return zlib.createInflate();
  if (coding === 'br') return zlib.createBrotliDecompress();
  return coding;
}

export interface ReadBodyOptions {
  decoder: Transform | null;
  maxBytes: number;
  /** Destroys the response (and so the socket) when it fires. */
  signal: AbortSignal;
  /** The error thrown, with the stream destroyed, as soon as more than maxBytes arrive. */
  tooLarge: () => Error;
}

export async function readBody(res: IncomingMessage, { decoder, maxBytes, signal, tooLarge }: ReadBodyOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let overflow: Error | undefined;
  const collect = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        overflow = tooLarge();
        throw overflow;
      }
      chunks.push(chunk);
    }
  };
  try {
    if (decoder) await pipeline(res, decoder, collect, { signal });
    else await pipeline(res, collect, { signal });
  } catch (err) {
    // pipeline may report the teardown (an AbortError) rather than the error that caused it.
    throw overflow ?? err;
  }
  return Buffer.concat(chunks, total);
}
