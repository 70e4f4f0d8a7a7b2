import { useMemo, useState } from 'react';
import { api, ApiProblem, type ExportFormat } from './api';
import { copyText } from './clipboard';
import { NOTEBOOKLM_URL } from './config';
import type { Resource, StatusResponse } from './contracts';
import { Coverage } from './Coverage';
import { ErrorNotice } from './ErrorNotice';
import { TEXTBOOK_SOURCE_LABELS, TYPE_LABELS, type ResourceType } from './labels';
import { ResourceCard } from './ResourceCard';
import { SORT_LABELS, filterItems, sortItems, typeCounts, urlsToCopy, type SortKey } from './results-model';

export const EXPORT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (spreadsheet)',
  md: 'Markdown',
  json: 'JSON',
  ris: 'RIS (Zotero, EndNote, Mendeley)',
  bibtex: 'BibTeX',
};

export interface ResultsProps {
  job: StatusResponse;
  results: Resource[];
  /** Opens NotebookLM in a new tab (injectable for tests). */
  openWindow?: (url: string) => void;
  /** Saves a downloaded file (injectable for tests). */
  saveFile?: (blob: Blob, filename: string) => void;
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.className = 'offscreen';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The results: what was found, the cards, and what to do with the selection. */
export function Results({ job, results, openWindow, saveFile = saveBlob }: ResultsProps) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set(results.map((_, i) => i)));
  const [typeFilter, setTypeFilter] = useState<ResourceType | 'all'>('all');
  const [sort, setSort] = useState<SortKey>('score');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);

  const ordered = useMemo(() => sortItems(results, sort), [results, sort]);
  const visible = useMemo(() => filterItems(ordered, typeFilter), [ordered, typeFilter]);
  const chosen = useMemo(() => ordered.filter((x) => selected.has(x.i)), [ordered, selected]);
  const hiddenChosen = chosen.filter((x) => typeFilter !== 'all' && x.r.type !== typeFilter).length;
  const counts = useMemo(() => typeCounts(results), [results]);
  const tb = job.metadata.textbook_info;
  const none = chosen.length === 0;

  const say = (m: string) => {
    setProblem(null);
    // A changed text is announced again even when it repeats the previous one.
    setMessage('');
    setTimeout(() => setMessage(m), 30);
  };

  const toggle = (i: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(i);
      else next.delete(i);
      return next;
    });

  async function copySelected(thenOpen: boolean) {
    const { text, count, skipped } = urlsToCopy(chosen);
    if (count === 0) {
      say('None of the selected resources has a web address to copy.');
      return;
    }
    try {
      await copyText(text);
    } catch {
      say('Copying was blocked by the browser. Select the addresses in the export (Markdown) and copy them by hand.');
      return;
    }
    const skippedNote = skipped ? ` ${plural(skipped, 'resource')} without a web address left out.` : '';
    if (thenOpen) {
      (openWindow ?? ((u: string) => window.open(u, '_blank', 'noopener,noreferrer')))(NOTEBOOKLM_URL);
      say(`Copied ${plural(count, 'URL')}. In NotebookLM, open a notebook, choose Add source, then Website, and paste them.${skippedNote}`);
    } else {
      say(`Copied ${plural(count, 'URL')} to the clipboard, one per line.${skippedNote}`);
    }
  }

  async function copyOne(url: string) {
    try {
      await copyText(url);
      say('Copied the URL.');
    } catch {
      say('Copying was blocked by the browser. Open the link and copy its address instead.');
    }
  }

  async function download() {
    const items = chosen.length === results.length ? undefined : chosen.map((x) => x.i).sort((a, b) => a - b);
    setExporting(true);
    try {
      const { blob, filename } = await api.exportFile(job.job_id, format, items);
      saveFile(blob, filename);
      say(`Downloaded ${filename} with ${plural(chosen.length, 'resource')}.`);
    } catch (e) {
      const p = e instanceof ApiProblem ? e : new ApiProblem(0, 'network', 'The export could not be downloaded. Please try again.');
      setMessage('');
      setRetryAt(p.retryAfter !== null ? Date.now() + p.retryAfter * 1000 : null);
      setProblem(p);
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="results" aria-labelledby="results-heading">
      <header className="results-head">
        <h2 id="results-heading">
          <span data-testid="result-count">{plural(results.length, 'resource')}</span> for {job.search_title ?? 'your course'}
        </h2>
        <p className="textbook" data-testid="textbook">
          {tb?.title ? (
            <>
              Textbook: <strong>{tb.title}</strong>
              {tb.author ? <> by {tb.author}</> : null}
              {tb.isbn ? <> (ISBN {tb.isbn})</> : null}, found {TEXTBOOK_SOURCE_LABELS[tb.source]}.
            </>
          ) : (
            <>No textbook was identified for this course.</>
          )}
        </p>
        {job.metadata.cache_used && <p className="hint">These results were reused from a recent identical search.</p>}
      </header>

      <div className="toolbar" role="group" aria-label="Show">
        <div className="field field-inline">
          <label htmlFor="filter-type">Type</label>
          <select id="filter-type" value={typeFilter} onChange={(e) => setTypeFilter(e.currentTarget.value as ResourceType | 'all')}>
            <option value="all">All types ({results.length})</option>
            {counts.map(([t, n]) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]} ({n})
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="sort-by">Sort by</label>
          <select id="sort-by" value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
            {(Object.keys(SORT_LABELS) as SortKey[]).map((k) => (
              <option key={k} value={k}>
                {SORT_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="selection-bar" role="group" aria-label="Selection">
        <p className="selection-count" data-testid="selection-count">
          {chosen.length} of {results.length} selected
          {hiddenChosen > 0 && ` (${hiddenChosen} hidden by the type filter)`}
        </p>
        <div className="button-row">
          <button type="button" className="button button-small" onClick={() => setSelected(new Set(results.map((_, i) => i)))} disabled={chosen.length === results.length}>
            Select all
          </button>
          <button type="button" className="button button-small" onClick={() => setSelected(new Set())} disabled={none}>
            Clear selection
          </button>
        </div>
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void copySelected(false)} disabled={none}>
            Copy selected
          </button>
          <button type="button" className="button" onClick={() => void copySelected(true)} disabled={none}>
            Copy selected and open NotebookLM
          </button>
        </div>
        <div className="export-row">
          <label htmlFor="export-format">Export as</label>
          <select id="export-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
            {(Object.keys(EXPORT_LABELS) as ExportFormat[]).map((f) => (
              <option key={f} value={f}>
                {EXPORT_LABELS[f]}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={() => void download()} disabled={none || exporting} aria-busy={exporting || undefined}>
            {exporting ? 'Preparing…' : 'Download'}
          </button>
        </div>
        {none && <p className="hint">Select at least one resource to copy or export it.</p>}
        <p className="action-message" role="status" aria-live="polite" data-testid="action-message">
          {message}
        </p>
        {problem && <ErrorNotice problem={problem} retryAt={retryAt} title="The export failed" />}
      </div>

      {visible.length === 0 ? (
        <p className="hint">No resource of this type. Choose another type above.</p>
      ) : (
        <ol className="cards" aria-label="Resources">
          {visible.map((x) => (
            <li key={x.i}>
              <ResourceCard resource={x.r} selected={selected.has(x.i)} onToggle={(on) => toggle(x.i, on)} onCopyUrl={(u) => void copyOne(u)} />
            </li>
          ))}
        </ol>
      )}

      <Coverage chapters={job.metadata.chapters ?? []} results={results} selected={chosen} />
    </section>
  );
}
