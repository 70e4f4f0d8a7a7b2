/** Build-time settings (Vite `VITE_*` variables), with a local override of the time limit for testing. */

const env = import.meta.env;

/** The API origin; empty means the page's own origin (the API serves the app). */
export const API_BASE = (env.VITE_API_BASE_URL ?? '').trim().replace(/\/+$/, '');

export const NOTEBOOKLM_URL = 'https://notebooklm.google.com/';

/** How often the status is polled when the live event stream is unavailable. */
export const POLL_MS = 2000;

const DEFAULT_TIME_LIMIT_SECONDS = 600;
export const TIME_LIMIT_STORAGE_KEY = 'scholarsource.timeLimitSeconds';

const positive = (v: string | null | undefined): number | null => {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : null;
};

/**
 * The client-side time limit: a search still running after this long is cancelled. Set at build time with
 * VITE_JOB_TIME_LIMIT_SECONDS, or in one browser with localStorage["scholarsource.timeLimitSeconds"].
 */
export function timeLimitMs(): number {
  let local: string | null = null;
  try {
    local = localStorage.getItem(TIME_LIMIT_STORAGE_KEY);
  } catch {
    /* storage blocked */
  }
  return (positive(local) ?? positive(env.VITE_JOB_TIME_LIMIT_SECONDS) ?? DEFAULT_TIME_LIMIT_SECONDS) * 1000;
}

/** Paths inside the app, under Vite's base (normally `/`). */
export const BASE_PATH = env.BASE_URL.replace(/\/+$/, '');
