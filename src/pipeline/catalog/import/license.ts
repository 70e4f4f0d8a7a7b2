import { LicenseId } from '../../../contracts/vocabulary';

const CC_PARTS = ['by', 'nc', 'sa', 'nd'] as const;
type CcPart = (typeof CC_PARTS)[number];
const VALID_CC = new Set(['by', 'by-sa', 'by-nc', 'by-nc-sa', 'by-nd', 'by-nc-nd']);

/** Map a set of CC elements and an optional version to our id; unversioned mentions mean 4.0. */
function ccId(parts: readonly string[], version: string | undefined): LicenseId | null {
  const set = new Set(parts.filter((p): p is CcPart => (CC_PARTS as readonly string[]).includes(p)));
  const combo = CC_PARTS.filter((p) => set.has(p)).join('-');
  if (!VALID_CC.has(combo)) return null;
  const v = version === undefined ? '4.0' : /^\d$/.test(version) ? `${version}.0` : version;
  const parsed = LicenseId.safeParse(`CC-${combo.toUpperCase()}-${v}`);
  return parsed.success ? parsed.data : null;
}

function fromCcUrl(t: string): LicenseId | null | undefined {
  const m = /creativecommons\.org\/(licenses|publicdomain)\/([a-z-]+)(?:\/(\d(?:\.\d)?))?/.exec(t);
  if (!m) return undefined;
  if (m[1] === 'publicdomain') return m[2] === 'zero' ? 'CC0-1.0' : m[2] === 'mark' ? 'public-domain' : null;
  return ccId((m[2] ?? '').split('-'), m[3]);
}

function fromCcWords(t: string): LicenseId | null | undefined {
  const words = t
    .replace(/creative\s*commons/g, ' cc ')
    .replace(/\battribution\b/g, ' by ')
    .replace(/\bnon[\s-]?commercial\b/g, ' nc ')
    .replace(/\bshare[\s-]?alike\b/g, ' sa ')
    .replace(/\bno[\s-]?deriv(?:ative)?s?\b/g, ' nd ');
  const tokens = words.split(/[^a-z0-9.]+/).filter(Boolean);
  const start = tokens.findIndex((x) => x === 'cc' || x === 'by');
  if (start < 0) return undefined;
  if (tokens[start] === 'by' && !/\battribution\b/.test(t)) return undefined;
  const parts: string[] = [];
  let version: string | undefined;
  for (let i = tokens[start] === 'cc' ? start + 1 : start; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    if ((CC_PARTS as readonly string[]).includes(tok)) parts.push(tok);
    else if (/^\d(\.\d)?$/.test(tok)) {
      version = tok;
      break;
    } else if (!['international', 'unported', 'generic', 'license', 'licence', 'cc'].includes(tok)) break;
  }
  if (parts.length === 0) return tokens[start] === 'cc' ? null : undefined;
  return ccId(parts, version);
}

/**
 * Recognise a licence statement: SPDX-like ids, CC names/abbreviations/URLs (BY, BY-SA, BY-NC, BY-NC-SA,
 * BY-ND, BY-NC-ND; unversioned means 4.0; a stated version outside our vocabulary gives null), CC0, public
 * domain, MIT, Apache 2.0, GFDL, GPL 3. Returns null for anything else: never guessed.
 */
export function licenseFromText(text: string): LicenseId | null {
  const raw = text.trim();
  if (!raw) return null;
  const direct = LicenseId.safeParse(raw);
  if (direct.success) return direct.data;
  const t = raw.toLowerCase();
  const byUrl = fromCcUrl(t);
  if (byUrl !== undefined) return byUrl;
  if (/\bcc[\s-]?(?:0|zero)\b/.test(t)) return 'CC0-1.0';
  const cc = fromCcWords(t);
  if (cc !== undefined) return cc;
  if (/\bpublic[\s-]?domain\b/.test(t)) return 'public-domain';
  if (/\bgfdl\b|gnu free documentation licen[cs]e/.test(t)) return /\b1\.[0-2]\b/.test(t) ? null : 'GFDL-1.3';
  if (/\b[la]gpl|lesser general|affero/.test(t)) return null;
  const gpl = /\bgpl(?:[\s-]*v?(\d))?|general public licen[cs]e(?:,?\s*(?:v|version)?\s*(\d))?/.exec(t);
  if (gpl) return (gpl[1] ?? gpl[2] ?? '3') === '3' ? 'GPL-3.0' : null;
  const apache = /\bapache(?:\s+(?:software\s+)?licen[cs]e)?(?:,?\s*(?:v|version)?\s*(\d))?/.exec(t);
  if (apache) return (apache[1] ?? '2') === '2' ? 'Apache-2.0' : null;
  if (/^(?:the\s+)?mit(?:\s+licen[cs]e)?$|\bmit\s+licen[cs]e\b|\bexpat licen[cs]e\b/.test(t)) return 'MIT';
  return null;
}

/**
 * Stricter form for notes beside a list entry, where "(MIT)" usually names the institute and "(Apache
 * Spark)" a product: the text must start with a licence phrase, and MIT/Apache must say "licence".
 */
export function licenseFromNote(text: string): LicenseId | null {
  const t = text.trim().toLowerCase();
  if (t.length > 80) return null;
  const lead =
    /^(?:cc[\s-]?0|cc[\s-]|creative commons|public domain|gfdl|gnu (?:free documentation|general public)|gpl|apache licen[cs]e|apache[\s-]2|mit licen[cs]e)/;
  return lead.test(t) ? licenseFromText(t) : null;
}

/** A licence spelled out in a URL path, e.g. `.../cc-by-sa-4.0/...`. */
export function licenseFromUrl(url: string): LicenseId | null {
  const byCc = fromCcUrl(url.toLowerCase());
  if (byCc) return byCc;
  const m = /(?:^|[/_.-])cc[-_]by((?:[-_](?:nc|sa|nd))*)(?:[-_](\d(?:\.\d)?))?(?=$|[/_.?#-])/i.exec(new URL(url).pathname);
  if (!m) return null;
  return ccId(['by', ...(m[1] ?? '').toLowerCase().split(/[-_]/)], m[2]);
}
