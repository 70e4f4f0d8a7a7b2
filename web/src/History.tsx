import { useSyncExternalStore } from 'react';
import { clearHistory, forget, readHistory, type HistoryEntry } from './history';
import { jobPath, onInternalClick } from './router';

let cache: { raw: string | null; entries: HistoryEntry[] } = { raw: null, entries: [] };
function snapshot(): HistoryEntry[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem('scholarsource.history.v1');
  } catch {
    raw = null;
  }
  if (raw !== cache.raw) cache = { raw, entries: readHistory() };
  return cache.entries;
}
function subscribe(cb: () => void): () => void {
  window.addEventListener('scholarsource-history', cb);
  window.addEventListener('storage', cb);
  return () => {
    window.removeEventListener('scholarsource-history', cb);
    window.removeEventListener('storage', cb);
  };
}

/** Recent searches, kept in this browser only, so a student can reopen them. */
export function History() {
  const entries = useSyncExternalStore(subscribe, snapshot);
  if (entries.length === 0) return null;
  return (
    <section className="history" aria-labelledby="history-heading">
      <h2 id="history-heading">Recent searches</h2>
      <p className="hint">Kept in this browser only.</p>
      <ul>
        {entries.map((e) => {
          const d = new Date(e.date);
          return (
            <li key={e.job_id}>
              <a href={jobPath(e.job_id)} onClick={(ev) => onInternalClick(ev, jobPath(e.job_id))}>
                {e.title || 'Untitled search'}
              </a>{' '}
              <time className="hint" dateTime={e.date}>
                {Number.isNaN(d.getTime()) ? '' : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}
              </time>{' '}
              <button type="button" className="link-button" onClick={() => forget(e.job_id)} aria-label={`Remove ${e.title || 'this search'} from recent searches`}>
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button-small" onClick={() => clearHistory()}>
        Clear recent searches
      </button>
    </section>
  );
}
