/** Student-facing errors of the guarded fetcher. Messages never carry stack traces or internals. */
import { PipelineError } from '../errors';
import { describeCategory, type AddressCategory } from './address-policy';

const trim = (n: number): string => String(Number(n.toFixed(1)));

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export const formatDuration = (ms: number): string => (ms >= 1000 ? `${trim(ms / 1000)} s` : `${ms} ms`);

/** Parses a Retry-After header (delay in seconds, or an HTTP-date) into whole seconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!/[a-z]/i.test(text)) return undefined; // not a delay and not an HTTP-date
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

const errnoCode = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';

/** Builds the guarded fetcher's errors; `label` names the thing fetched, e.g. "The course page". */
export function fetchErrors(label: string) {
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  const unreachable = (message: string, cause?: unknown) => new PipelineError('page_unreachable', message, { retryable: false, cause });
  const blocked = (message: string) => new PipelineError('blocked_url', message, { retryable: false });
  const subject = (redirected: boolean) => (redirected ? `${label} redirected to an address that` : `${label} address`);

  return {
    invalidUrl: (redirected: boolean) =>
      redirected
        ? unreachable(`${label} redirected to an address that is not valid.`)
        : new PipelineError('bad_input', `${label} address is not a valid web address.`),
    badScheme: (scheme: string, redirected: boolean) =>
      blocked(
        redirected
          ? `${label} redirected to a "${scheme}" address; ScholarSource only follows http:// and https:// links.`
          : `${label} address must start with http:// or https:// (it starts with "${scheme}").`,
      ),
    credentials: (redirected: boolean) =>
      blocked(`${subject(redirected)} contains a user name or password, which ScholarSource does not send.`),
    blockedAddress: (address: string, category: AddressCategory, redirected: boolean) =>
      blocked(
        `${redirected ? `${label} redirected to an address that points` : `${label} address points`} to ` +
          `${describeCategory(category)} (${address}), which ScholarSource does not fetch.`,
      ),
    hostNotFound: (host: string, cause?: unknown) =>
      // EAI_AGAIN: the name service did not answer (no network, DNS down), which says nothing about the address.
      errnoCode(cause) === 'EAI_AGAIN'
        ? new PipelineError('page_unreachable', `${label} could not be reached: the name "${host}" could not be looked up just now. Please try again later.`, {
            retryable: true,
            cause,
          })
        : unreachable(`${label} could not be reached: the site "${host}" was not found. Please check the address.`, cause),
    network: (host: string, cause: unknown) => {
      const code = errnoCode(cause);
      if (code === 'ECONNREFUSED') return unreachable(`${label} could not be reached: ${host} refused the connection.`, cause);
      if (/^(ECONNRESET|EPIPE|ERR_STREAM_PREMATURE_CLOSE)$/.test(code) || (cause instanceof Error && cause.message === 'aborted')) {
        return unreachable(`${label} could not be read: ${host} closed the connection before the page finished loading.`, cause);
      }
      if (/^Z_/.test(code)) return unreachable(`${label} sent compressed data that could not be unpacked.`, cause);
      if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
        return unreachable(`${label} could not be reached: the secure connection to ${host} could not be verified.`, cause);
      }
      return unreachable(`${label} could not be reached: the connection to ${host} failed.`, cause);
    },
    timeout: (ms: number) => unreachable(`${label} did not answer within ${formatDuration(ms)}.`),
    aborted: () => new PipelineError('aborted', `Fetching ${lower} was cancelled.`, { retryable: false }),
    tooLarge: (maxBytes: number) =>
      new PipelineError('page_unsupported', `${label} is larger than ${formatBytes(maxBytes)}, the most ScholarSource reads.`),
    unsupportedType: (type: string, accept: readonly string[]) =>
      new PipelineError(
        'page_unsupported',
        type === ''
          ? `${label} did not say what kind of document it is, so ScholarSource cannot read it.`
          : `${label} is of type "${type}", which ScholarSource cannot read (it reads ${accept.join(', ')}).`,
      ),
    unsupportedEncoding: (encoding: string) =>
      new PipelineError('page_unsupported', `${label} was sent compressed as "${encoding}", which ScholarSource cannot unpack.`),
    httpStatus: (status: number, host: string) => {
      if (status === 404 || status === 410) return unreachable(`${label} was not found on ${host} (HTTP ${status}). Please check the address.`);
      if (status === 401 || status === 403) {
        return unreachable(`${label} on ${host} is not public (HTTP ${status}); ScholarSource can only read pages that open without signing in.`);
      }
      return unreachable(`${label} could not be loaded from ${host} (HTTP ${status}).`);
    },
    busy: (status: number, host: string, retryAfterSeconds: number | undefined) =>
      new PipelineError(
        'upstream_busy',
        `${host} is busy right now (HTTP ${status}); please try again ${retryAfterSeconds === undefined ? 'later' : `in ${retryAfterSeconds} s`}.`,
        { retryable: true, retryAfterSeconds },
      ),
    tooManyRedirects: (max: number) => unreachable(`${label} redirected more than ${max} times, so ScholarSource stopped following it.`),
    redirectWithoutLocation: (status: number) =>
      unreachable(`${label} answered with a redirect (HTTP ${status}) but did not say where to.`),
  };
}

export type FetchErrors = ReturnType<typeof fetchErrors>;
