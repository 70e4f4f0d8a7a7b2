/** One HTTP(S) GET whose socket can only connect to addresses that were already vetted. */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface PinnedRequest {
  url: URL;
  /** Vetted addresses of `url`'s host; the socket connects only to these. Never empty. */
  addresses: readonly ResolvedAddress[];
  headers: Record<string, string>;
  /** Destroys the request (and its socket) when it fires. */
  signal: AbortSignal;
}

/**
 * A `lookup` for http(s).request that ignores DNS and answers with the vetted addresses, so a DNS
 * change between the check and the connect (rebinding) cannot redirect the socket.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  const preferred = addresses.find((a) => a.family === 4) ?? addresses[0];
  return (_hostname, options, callback) => {
    if (!preferred) {
      callback(Object.assign(new Error('no vetted address'), { code: 'ENOTFOUND' }), '', 4);
    } else if (options.all === true) {
      callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
    } else {
      callback(null, preferred.address, preferred.family);
    }
  };
}

/** Sends the GET and resolves with the response head; the caller consumes or destroys the body. */
export function sendPinnedRequest({ url, addresses, headers, signal }: PinnedRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const req = client.request({
      method: 'GET',
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      // Host header and TLS SNI stay the original host name; only the socket's address is pinned.
      headers: { ...headers, Host: url.host, Connection: 'close' },
      agent: false,
      lookup: pinnedLookup(addresses),
    });
    const onAbort = (): void => {
      req.destroy(new Error('aborted by guard'));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal.removeEventListener('abort', onAbort));
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}
