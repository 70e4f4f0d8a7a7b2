import { z } from 'zod';

/** One recent search, kept in this browser only. */
const Entry = z.object({ job_id: z.string().regex(/^[0-9a-f-]{36}$/i), title: z.string().max(300), date: z.string() });
export type HistoryEntry = z.infer<typeof Entry>;

const KEY = 'scholarsource.history.v1';
const MAX = 20;

export function readHistory(): HistoryEntry[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((e) => {
      const p = Entry.safeParse(e);
      return p.success ? [p.data] : [];
    });
  } catch {
    return [];
  }
}

function write(entries: HistoryEntry[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(entries.slice(0, MAX)));
    window.dispatchEvent(new Event('scholarsource-history'));
  } catch {
    /* storage full or blocked: history is a convenience */
  }
}

/** Adds a search at the top, or moves it there. */
export function remember(job_id: string, title: string, date = new Date().toISOString()): void {
  const rest = readHistory().filter((e) => e.job_id !== job_id);
  write([{ job_id, title: title.slice(0, 300), date }, ...rest]);
}

/** Gives a search its final title (the server's search title), keeping its place and date. */
export function retitle(job_id: string, title: string): void {
  const all = readHistory();
  const e = all.find((x) => x.job_id === job_id);
  if (!e || e.title === title) return;
  e.title = title.slice(0, 300);
  write(all);
}

export function forget(job_id: string): void {
  write(readHistory().filter((e) => e.job_id !== job_id));
}

export function clearHistory(): void {
  write([]);
}
