import { createHash } from 'node:crypto';

export type UrlCheck = { ok: true; url: string; key: string; host: string } | { ok: false; reason: string };

/**
 * Validate an http(s) URL and compute its dedupe key: lowercase host without `www.`, no scheme, no trailing
 * slash, no fragment. A fragment that is an app route (`#/…`, `#!…`) or carries parameters (`#folderID=…`)
 * is kept: on such sites (Panopto, single-page apps) distinct resources differ only there.
 */
export function checkUrl(raw: string): UrlCheck {
  const text = raw.trim().replace(/^<(.*)>$/, '$1');
  if (!text) return { ok: false, reason: 'empty URL' };
  if (!/^https?:\/\//i.test(text)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
    return { ok: false, reason: scheme ? `not an http(s) URL (${scheme}:)` : `not an absolute http(s) URL: ${text.slice(0, 80)}` };
  }
  if (/\s/.test(text)) return { ok: false, reason: 'malformed URL (contains whitespace)' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { ok: false, reason: 'malformed URL' };
  }
  const host = u.hostname.toLowerCase();
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  if (!ipv4 && !/^([a-z0-9-]+\.)+[a-z][a-z0-9-]*$/.test(host)) return { ok: false, reason: `malformed URL host: ${host}` };
  const bareHost = host.replace(/^www\./, '');
  const path = u.pathname.replace(/\/+$/, '');
  const keepHash = /^#(?:\/|!)|=/.test(u.hash);
  const key = `${bareHost}${u.port ? `:${u.port}` : ''}${path}${u.search}${keepHash ? u.hash : ''}`;
  return { ok: true, url: text, key, host: bareHost };
}

/** Deterministic id from origin and the URL key; valid for the catalog id regex. */
export function entryId(origin: string, key: string): string {
  return `import-${createHash('sha1').update(`${origin}\n${key}`).digest('hex').slice(0, 16)}`;
}

const PROVIDERS: [RegExp, string][] = [
  [/(^|\.)ocw\.mit\.edu$/, 'MIT OpenCourseWare'],
  [/(^|\.)(youtube\.com|youtu\.be)$/, 'YouTube'],
  [/(^|\.)openstax\.org$/, 'OpenStax'],
  [/(^|\.)archive\.org$/, 'Internet Archive'],
  [/(^|\.)gutenberg\.org$/, 'Project Gutenberg'],
  [/(^|\.)wikibooks\.org$/, 'Wikibooks'],
  [/(^|\.)github\.com$/, 'GitHub'],
  [/(^|\.)coursera\.org$/, 'Coursera'],
  [/(^|\.)edx\.org$/, 'edX'],
  [/(^|\.)udemy\.com$/, 'Udemy'],
  [/(^|\.)nptel\.ac\.in$/, 'NPTEL'],
  [/(^|\.)khanacademy\.org$/, 'Khan Academy'],
  [/(^|\.)lightandmatter\.com$/, 'Light and Matter'],
  [/(^|\.)freecodecamp\.org$/, 'freeCodeCamp'],
];

/** A readable provider for a host: a known name, else the host itself. */
export function providerFromHost(host: string): string {
  for (const [re, name] of PROVIDERS) if (re.test(host)) return name;
  return host.slice(0, 120);
}

export function isVideoHost(host: string): boolean {
  return /(^|\.)(youtube\.com|youtu\.be|vimeo\.com)$/.test(host);
}
