/**
 * Pure IP address classification for the guarded fetcher: which addresses a fetch of a
 * user-influenced URL may connect to. Only globally routable unicast addresses are `public`.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'metadata'
  | 'shared' // carrier-grade NAT, 100.64.0.0/10
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved'
  | 'benchmarking'
  | 'documentation'
  | 'invalid';

export interface AddressVerdict {
  /** The address as given (brackets and zone id removed). */
  address: string;
  family: 4 | 6 | 0;
  category: AddressCategory;
  /** True when the category comes from an IPv4 address embedded in an IPv6 one (mapped, NAT64, 6to4...). */
  embedded: boolean;
}

type V4Rule = readonly [base: string, bits: number, category: AddressCategory];

/** Order matters: the first matching rule wins. */
const V4_RULES: readonly V4Rule[] = [
  ['169.254.169.254', 32, 'metadata'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

const DESCRIPTIONS: Record<AddressCategory, string> = {
  public: 'a public address',
  loopback: 'this server itself',
  private: 'a private network',
  link_local: 'a link-local network',
  metadata: 'a cloud metadata service',
  shared: 'a shared carrier network',
  multicast: 'a multicast group',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address range',
  benchmarking: 'a benchmarking network',
  documentation: 'an example-only address range',
  invalid: 'something that is not a valid IP address',
};

/** A short phrase for messages: "points to a private network (10.0.0.5)". */
export const describeCategory = (category: AddressCategory): string => DESCRIPTIONS[category];

/**
 * Parses an IPv4 address in any legacy form the WHATWG URL parser and inet_aton accept:
 * 1 to 4 parts, each decimal, octal (leading 0) or hex (0x). Returns the 32-bit value, or
 * undefined when the text is not such a literal.
 */
export function parseIPv4Literal(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    const value = parseIPv4Part(part);
    if (value === undefined) return undefined;
    values.push(value);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255)) return undefined;
  if (last >= 256 ** (5 - parts.length)) return undefined;
  return values.reduce((acc, v, i) => acc + v * 256 ** (3 - i), 0) + last;
}

function parseIPv4Part(part: string): number | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return parseInt(part.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return undefined;
}

export const formatIPv4 = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');

/** Parses an IPv6 address (optionally bracketed, with zone id) into its eight 16-bit groups. */
export function parseIPv6(text: string): number[] | undefined {
  const s = stripIPv6(text);
  if (!isIPv6(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 0) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

function parseGroups(part: string): number[] | undefined {
  if (part === '') return [];
  const groups: number[] = [];
  for (const g of part.split(':')) {
    if (g.includes('.')) {
      if (!isIPv4(g)) return undefined;
      const v4 = parseIPv4Literal(g) ?? 0;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else {
      groups.push(parseInt(g, 16));
    }
  }
  return groups;
}

const stripIPv6 = (text: string): string => {
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = unbracketed.indexOf('%');
  return zone >= 0 ? unbracketed.slice(0, zone) : unbracketed;
};

export function classifyIPv4(n: number): AddressCategory {
  for (const [base, bits, category] of V4_RULES) {
    const baseValue = parseIPv4Literal(base) ?? 0;
    const shift = 32 - bits;
    if (Math.floor(n / 2 ** shift) === Math.floor(baseValue / 2 ** shift)) return category;
  }
  return 'public';
}

interface V6Class {
  category: AddressCategory;
  embedded: boolean;
}

const embeddedV4 = (hi: number, lo: number): number => hi * 0x10000 + lo;

export function classifyIPv6(g: readonly number[]): V6Class {
  const at = (i: number): number => g[i] ?? 0;
  const zeroUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  const plain = (category: AddressCategory): V6Class => ({ category, embedded: false });
  const embedded = (category: AddressCategory): V6Class => ({ category, embedded: true });

  if (zeroUpTo(8)) return plain('unspecified');
  if (zeroUpTo(7) && at(7) === 1) return plain('loopback');
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (deprecated IPv4-compatible)
  if (zeroUpTo(5) && at(5) === 0xffff) return embedded(classifyIPv4(embeddedV4(at(6), at(7))));
  if (zeroUpTo(6)) {
    const inner = classifyIPv4(embeddedV4(at(6), at(7)));
    return embedded(inner === 'public' ? 'reserved' : inner);
  }
  // 64:ff9b::/96 well-known NAT64 prefix; 64:ff9b:1::/48 is for local use only
  if (at(0) === 0x64 && at(1) === 0xff9b) {
    if (g.slice(2, 6).every((x) => x === 0)) return embedded(classifyIPv4(embeddedV4(at(6), at(7))));
    return plain(at(2) === 1 ? 'private' : 'reserved');
  }
  if (at(0) === 0x2002) return embedded(classifyIPv4(embeddedV4(at(1), at(2)))); // 6to4
  if (at(0) === 0x2001 && at(1) === 0x0db8) return plain('documentation');
  if (at(0) === 0x2001 && at(1) === 0x0002 && at(2) === 0) return plain('benchmarking');
  if (at(0) === 0x2001 && at(1) < 0x0200) return plain('reserved'); // 2001::/23, incl. Teredo
  if (at(0) === 0x3fff && at(1) < 0x1000) return plain('documentation'); // 3fff::/20
  if (at(0) === 0xfd00 && at(1) === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && at(7) === 0x254) {
    return plain('metadata'); // AWS IMDS over IPv6, fd00:ec2::254
  }
  if ((at(0) & 0xfe00) === 0xfc00) return plain('private'); // fc00::/7 unique local
  if ((at(0) & 0xffc0) === 0xfe80) return plain('link_local');
  if ((at(0) & 0xffc0) === 0xfec0) return plain('private'); // deprecated site-local
  if ((at(0) & 0xff00) === 0xff00) return plain('multicast');
  if ((at(0) & 0xe000) !== 0x2000) return plain('reserved'); // outside 2000::/3 global unicast
  return plain('public');
}

/** Classifies a textual IPv4 (dotted quad) or IPv6 address; anything else is `invalid`. */
export function classifyAddress(text: string): AddressVerdict {
  const address = stripIPv6(text);
  if (isIPv4(address)) {
    return { address, family: 4, category: classifyIPv4(parseIPv4Literal(address) ?? 0), embedded: false };
  }
  const groups = parseIPv6(address);
  if (groups) return { address, family: 6, ...classifyIPv6(groups) };
  return { address, family: 0, category: 'invalid', embedded: false };
}

/**
 * Whether a fetch may connect to this address. `allowLoopback` (tests only) admits 127.0.0.0/8 and
 * ::1 themselves, never loopback embedded in another form and never any other private range.
 */
export function isAddressAllowed(verdict: AddressVerdict, opts: { allowLoopback?: boolean } = {}): boolean {
  if (verdict.category === 'public') return true;
  return opts.allowLoopback === true && verdict.category === 'loopback' && !verdict.embedded;
}
