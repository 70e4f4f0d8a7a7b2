/**
 * The guarded HTTP client: every fetch of a user-influenced URL goes through here. It refuses
 * non-http(s) schemes, credentials and any host that resolves to a non-public address, pins the
 * socket to the vetted address, re-checks every redirect, and caps time, size and content type.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import { isPipelineError, type PipelineError } from '../errors';
import { classifyAddress, isAddressAllowed } from './address-policy';
import { isAccepted, parseContentType, type GuardedPage } from './decode-text';
import { fetchErrors, parseRetryAfter } from './fetch-errors';
import { sendPinnedRequest, type ResolvedAddress } from './pinned-request';
import { ACCEPT_ENCODING, decoderFor, readBody } from './read-body';
import type { FetchOptions, PageFetcher } from './types';
import { vetUrl, type VettedUrl } from './url-policy';

export { decodeText, type GuardedPage } from './decode-text';
export type { ResolvedAddress } from './pinned-request';

export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardedFetcherOptions {
  /** DNS resolution; default `dns.promises.lookup(host, { all: true })`. */
  lookup?: HostLookup;
  /** Tests only: admit 127.0.0.0/8 and ::1. No other non-public address is ever admitted. */
  allowLoopback?: boolean;
  /** Cap on the (decompressed) body; default 5 MB. */
  maxBytes?: number;
  /** Total time for the fetch including redirects; default 15 s. */
  timeoutMs?: number;
  /** Redirects followed at most; default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** How messages name what is fetched; default "The course page". */
  label?: string;
}

export const DEFAULT_ACCEPT: readonly string[] = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'application/pdf'];
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = 'ScholarSourceBot/0.1 (+https://github.com/scholarsource)';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const systemLookup: HostLookup = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Rejects with a plain error as soon as `signal` fires; the caller maps it to the abort reason. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted by guard'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createGuardedFetcher(opts: GuardedFetcherOptions = {}): PageFetcher {
  const lookup = opts.lookup ?? systemLookup;
  const allowLoopback = opts.allowLoopback === true;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  const errs = fetchErrors(opts.label ?? 'The course page');

  /** Resolves (or takes the literal) host and refuses it if any address is not allowed. */
  async function vetAddresses({ url, host }: VettedUrl, redirected: boolean, signal: AbortSignal): Promise<ResolvedAddress[]> {
    let candidates: ResolvedAddress[];
    if (host.kind === 'ip') {
      candidates = [{ address: host.address, family: host.family }];
    } else {
      try {
        candidates = await raceSignal(lookup(host.name), signal);
      } catch (err) {
        if (signal.aborted) throw err;
        throw errs.hostNotFound(url.hostname, err);
      }
      if (candidates.length === 0) throw errs.hostNotFound(url.hostname);
    }
    for (const candidate of candidates) {
      const verdict = classifyAddress(candidate.address);
      if (!isAddressAllowed(verdict, { allowLoopback })) throw errs.blockedAddress(verdict.address, verdict.category, redirected);
    }
    return candidates;
  }

  async function readPage(res: IncomingMessage, url: URL, accept: readonly string[], signal: AbortSignal): Promise<GuardedPage> {
    const status = res.statusCode ?? 0;
    const { type, charset } = parseContentType(res.headers['content-type']);
    if (!isAccepted(type, accept)) throw errs.unsupportedType(type, accept);
    const decoder = decoderFor(res.headers['content-encoding']);
    if (typeof decoder === 'string') throw errs.unsupportedEncoding(decoder);
    const declaredLength = Number(res.headers['content-length'] ?? NaN);
    if (!decoder && declaredLength > maxBytes) throw errs.tooLarge(maxBytes);
    const body = await readBody(res, { decoder, maxBytes, signal, tooLarge: () => errs.tooLarge(maxBytes) });
    const page: GuardedPage = { url: url.href, status, contentType: type, body };
    if (charset !== undefined) page.charset = charset;
    return page;
  }

  /** `progress.host` tracks the host being talked to, for messages about network failures. */
  async function run(start: VettedUrl, accept: readonly string[], signal: AbortSignal, progress: { host: string }): Promise<GuardedPage> {
    let current = start;
    for (let redirects = 0; ; redirects++) {
      progress.host = current.url.hostname;
      const addresses = await vetAddresses(current, redirects > 0, signal);
      const headers = { 'User-Agent': userAgent, Accept: accept.join(', '), 'Accept-Encoding': ACCEPT_ENCODING };
      const res = await sendPinnedRequest({ url: current.url, addresses, headers, signal });
      const status = res.statusCode ?? 0;
      try {
        if (REDIRECT_STATUSES.has(status)) {
          const location = res.headers.location;
          if (location === undefined || location === '') throw errs.redirectWithoutLocation(status);
          if (redirects >= maxRedirects) throw errs.tooManyRedirects(maxRedirects);
          current = vetUrl(location, errs, current.url);
          res.destroy();
          continue;
        }
        if (status === 429 || status === 503) throw errs.busy(status, current.url.hostname, parseRetryAfter(res.headers['retry-after']));
        if (status < 200 || status >= 300) throw errs.httpStatus(status, current.url.hostname);
        return await readPage(res, current.url, accept, signal);
      } catch (err) {
        res.destroy();
        throw err;
      }
    }
  }

  return async (rawUrl: string, fetchOpts: FetchOptions): Promise<GuardedPage> => {
    const accept = fetchOpts.accept ?? DEFAULT_ACCEPT;
    if (fetchOpts.signal.aborted) throw errs.aborted();
    const start = vetUrl(rawUrl, errs); // scheme and credentials: refused before any network activity

    const controller = new AbortController();
    let stopReason: PipelineError | undefined;
    const stop = (reason: PipelineError): void => {
      stopReason ??= reason;
      controller.abort();
    };
    const onCallerAbort = (): void => stop(errs.aborted());
    fetchOpts.signal.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => stop(errs.timeout(timeoutMs)), timeoutMs);
    const progress = { host: start.url.hostname };
    try {
      return await run(start, accept, controller.signal, progress);
    } catch (err) {
      if (stopReason) throw stopReason;
      if (isPipelineError(err)) throw err;
      throw errs.network(progress.host, err);
    } finally {
      clearTimeout(timer);
      fetchOpts.signal.removeEventListener('abort', onCallerAbort);
    }
  };
}
