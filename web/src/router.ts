import { useSyncExternalStore, type MouseEvent } from 'react';
import { BASE_PATH } from './config';

export type Route = { name: 'home' } | { name: 'job'; id: string } | { name: 'bad_job'; raw: string } | { name: 'not_found' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseRoute(pathname: string): Route {
  const p = (BASE_PATH && pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname).replace(/\/+$/, '') || '/';
  if (p === '/' || p === '/index.html') return { name: 'home' };
  const m = /^\/jobs\/([^/]+)$/.exec(p);
  if (m) {
    const raw = decodeURIComponent(m[1] ?? '');
    return UUID.test(raw) ? { name: 'job', id: raw.toLowerCase() } : { name: 'bad_job', raw };
  }
  return { name: 'not_found' };
}

export const jobPath = (id: string): string => `${BASE_PATH}/jobs/${id}`;
export const homePath = (): string => `${BASE_PATH}/`;

const EVENT = 'scholarsource-navigate';

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(EVENT));
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(EVENT, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(EVENT, cb);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** Follows an in-app link without a page load (plain clicks only: new-tab clicks keep their meaning). */
export function onInternalClick(e: MouseEvent<HTMLAnchorElement>, path: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(path);
}
