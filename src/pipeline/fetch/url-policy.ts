/** Checks a URL before any network activity: scheme, credentials, and literal IP host forms. */
import { isIPv4, isIPv6 } from 'node:net';
import { formatIPv4, parseIPv4Literal } from './address-policy';
import type { FetchErrors } from './fetch-errors';

/** Where a vetted URL's host points: a literal address to classify, or a name to resolve. */
export type HostTarget = { kind: 'ip'; address: string; family: 4 | 6 } | { kind: 'name'; name: string };

export interface VettedUrl {
  url: URL;
  host: HostTarget;
}

const ALLOWED_SCHEMES = new Set(['http:', 'https:']);

/** Parses `raw` (against `base` for redirects) and refuses non-http(s) schemes and credentials. */
export function vetUrl(raw: string, errs: FetchErrors, base?: URL): VettedUrl {
  const redirected = base !== undefined;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw errs.invalidUrl(redirected);
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) throw errs.badScheme(url.protocol, redirected);
  if (url.username !== '' || url.password !== '') throw errs.credentials(redirected);
  const host = hostTarget(url.hostname);
  if (!host) throw errs.invalidUrl(redirected);
  return { url, host };
}

/**
 * Normalises a URL hostname. WHATWG URL already rewrites decimal, octal, hex and short IPv4 forms
 * to dotted quads, but this does not rely on it: any all-numeric-looking host is parsed here too.
 */
export function hostTarget(hostname: string): HostTarget | undefined {
  if (hostname.startsWith('[') && hostname.endsWith(']')) {
    const inner = hostname.slice(1, -1);
    return isIPv6(inner) ? { kind: 'ip', address: inner, family: 6 } : undefined;
  }
  if (isIPv4(hostname)) return { kind: 'ip', address: hostname, family: 4 };
  const withoutDot = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  const lastLabel = withoutDot.split('.').pop() ?? '';
  if (/^(0x[0-9a-f]*|[0-9]+)$/i.test(lastLabel)) {
    // Looks like an IPv4 literal in a legacy form; a host name cannot end in a numeric label.
    const value = parseIPv4Literal(withoutDot);
    return value === undefined ? undefined : { kind: 'ip', address: formatIPv4(value), family: 4 };
  }
  if (withoutDot === '' || isIPv6(hostname)) return undefined;
  return { kind: 'name', name: hostname };
}
