import { useEffect, useRef, useState } from 'react';
import { copyText } from './clipboard';
import { POLL_MS, timeLimitMs as configuredTimeLimit } from './config';
import type { StatusResponse } from './contracts';
import { adviceFor, ErrorNotice } from './ErrorNotice';
import { retitle } from './history';
import { STAGE_STEPS } from './labels';
import { Results, type ResultsProps } from './Results';
import { homePath, onInternalClick } from './router';
import { elapsedMs, useJob, type JobWatch } from './useJob';

export interface JobViewProps {
  id: string;
  pollMs?: number;
  timeLimitMs?: number;
  resultsProps?: Pick<ResultsProps, 'openWindow' | 'saveFile'>;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

const minutes = (ms: number): string => {
  const m = ms / 60_000;
  return m >= 1 ? `${Number.isInteger(m) ? m : m.toFixed(1)} minute${m === 1 ? '' : 's'}` : `${Math.round(ms / 1000)} seconds`;
};

/** "10-minute", "3-second": the limit as an adjective. */
const limitAdjective = (ms: number): string => {
  const m = ms / 60_000;
  return m >= 1 ? `${Number.isInteger(m) ? m : m.toFixed(1)}-minute` : `${Math.round(ms / 1000)}-second`;
};

/** One search: live progress while it runs, then its results, its error or its cancellation. */
export function JobView({ id, pollMs = POLL_MS, timeLimitMs, resultsProps }: JobViewProps) {
  const [limit] = useState(() => timeLimitMs ?? configuredTimeLimit());
  const w = useJob(id, { pollMs, timeLimitMs: limit });
  const { job } = w;
  const [shareMessage, setShareMessage] = useState('');

  useEffect(() => {
    if (job?.search_title) {
      retitle(id, job.search_title);
      document.title = `${job.search_title}: ScholarSource`;
    }
  }, [id, job?.search_title]);

  async function share() {
    try {
      await copyText(window.location.href);
      setShareMessage('Link copied. Anyone with this link can see this search and its results.');
    } catch {
      setShareMessage(`Copy this link from the address bar: ${window.location.href}`);
    }
  }

  if (w.fatal) {
    return (
      <section aria-labelledby="job-heading">
        <h2 id="job-heading">Search not found</h2>
        <ErrorNotice problem={w.fatal} title="This search cannot be shown" />
        <NewSearchLink />
      </section>
    );
  }
  if (!job) {
    return (
      <section aria-labelledby="job-heading" aria-busy="true">
        <h2 id="job-heading">Loading the search…</h2>
        <p role="status">Loading the search…</p>
      </section>
    );
  }

  return (
    <div className="job">
      {job.status === 'completed' ? (
        job.results && job.results.length > 0 ? (
          <Results job={job} results={job.results} {...resultsProps} />
        ) : (
          <EmptyResults job={job} />
        )
      ) : job.status === 'failed' ? (
        <Failed job={job} />
      ) : job.status === 'cancelled' ? (
        <Cancelled job={job} timedOut={w.timedOut} limit={limit} />
      ) : (
        <StatusPanel w={w} job={job} limit={limit} />
      )}
      <div className="share">
        <button type="button" className="button button-small" onClick={() => void share()}>
          Copy link to this search
        </button>
        <span role="status" className="hint">
          {shareMessage}
        </span>
      </div>
    </div>
  );
}

function NewSearchLink() {
  return (
    <p>
      <a href={homePath()} onClick={(e) => onInternalClick(e, homePath())} className="button">
        Start a new search
      </a>
    </p>
  );
}

/** "Analysing course: reading the inputs" under the heading "Analysing course" reads "reading the inputs". */
const detailFor = (label: string, detail: string): string => {
  const d = detail.startsWith(`${label}: `) ? detail.slice(label.length + 2) : detail;
  return d ? `${d.charAt(0).toUpperCase()}${d.slice(1)}` : '';
};

function StatusPanel({ w, job, limit }: { w: JobWatch; job: StatusResponse; limit: number }) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const p = job.progress;
  const current = STAGE_STEPS.findIndex((s) => s.stage === p.stage);
  const waiting = current < 0;
  const label = waiting ? (job.status === 'running' ? 'Starting' : 'Waiting to start') : (STAGE_STEPS[current]?.label ?? '');
  const detail = detailFor(label, p.detail || job.status_message);
  const elapsed = elapsedMs(job, w.now);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  return (
    <section className="status-panel" aria-labelledby="job-heading">
      <h2 id="job-heading">Searching{job.search_title ? ` for ${job.search_title}` : ''}</h2>
      <div className="status-live" role="status" aria-live="polite" aria-atomic="true" data-testid="status-live">
        <p className="stage-now">
          {waiting ? label : `Step ${current + 1} of ${STAGE_STEPS.length}: ${label}`}
        </p>
        {detail && <p className="stage-detail">{detail}</p>}
      </div>
      <ol className="stages">
        {STAGE_STEPS.map((s, i) => {
          const state = waiting || i > current ? 'todo' : i < current ? 'done' : 'current';
          return (
            <li key={s.stage} className={`stage stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="stage-mark" aria-hidden="true">
                {state === 'done' ? '✓' : i + 1}
              </span>
              <span>{s.label}</span>
              <span className="visually-hidden">{state === 'done' ? ' (done)' : state === 'current' ? ' (in progress)' : ''}</span>
            </li>
          );
        })}
      </ol>
      <p className="elapsed">
        Elapsed: <time dateTime={`PT${Math.floor(elapsed / 1000)}S`} data-testid="elapsed">{formatElapsed(elapsed)}</time>
        <span className="hint"> · stops after {minutes(limit)}</span>
        {w.channel === 'polling' && <span className="hint"> · checking every few seconds</span>}
      </p>
      {w.transient && (
        <p className="hint" role="status">
          {w.transient.status === 429 ? 'Checking less often for a moment (too many requests).' : 'Connection trouble; still trying…'}
        </p>
      )}
      {!confirming ? (
        <button ref={cancelRef} type="button" className="button button-danger" onClick={() => setConfirming(true)} disabled={w.cancelState === 'cancelling'}>
          {w.cancelState === 'cancelling' ? 'Cancelling…' : 'Cancel search'}
        </button>
      ) : (
        <div className="confirm" role="group" aria-labelledby="confirm-q">
          <p id="confirm-q">Cancel this search? It stops now and cannot be resumed.</p>
          <div className="button-row">
            <button
              ref={confirmRef}
              type="button"
              className="button button-danger"
              onClick={() => {
                setConfirming(false);
                void w.cancel('user');
              }}
            >
              Yes, cancel it
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(false);
                setTimeout(() => cancelRef.current?.focus(), 0);
              }}
            >
              Keep searching
            </button>
          </div>
        </div>
      )}
      {w.cancelProblem && <ErrorNotice problem={w.cancelProblem} title={w.timedOut ? 'The search ran too long and could not be stopped' : 'The search could not be cancelled'} />}
    </section>
  );
}

function Cancelled({ job, timedOut, limit }: { job: StatusResponse; timedOut: boolean; limit: number }) {
  return (
    <section aria-labelledby="job-heading">
      <h2 id="job-heading">Search cancelled</h2>
      <div className="notice" role="status">
        {timedOut ? (
          <p>
            This search ran longer than the {limitAdjective(limit)} limit, so it was cancelled. Try again with a narrower description: a course page, a
            book title or a few topics.
          </p>
        ) : (
          <p>The search{job.search_title ? ` for ${job.search_title}` : ''} was cancelled. Nothing more will be searched.</p>
        )}
      </div>
      <NewSearchLink />
    </section>
  );
}

function Failed({ job }: { job: StatusResponse }) {
  const message = job.error ?? job.status_message;
  const advice = /fetch|page|reach|address|url/i.test(message)
    ? 'Check that the page opens in your browser without a login, or describe the course another way (title and author, topics or pasted syllabus).'
    : /time|long/i.test(message)
      ? 'Try a narrower search: fewer topics or a single course page.'
      : adviceFor('internal_error');
  return (
    <section aria-labelledby="job-heading">
      <h2 id="job-heading">The search failed</h2>
      <div className="notice notice-error" role="alert">
        <p>{message}</p>
        {advice && <p>{advice}</p>}
      </div>
      <NewSearchLink />
    </section>
  );
}

function EmptyResults({ job }: { job: StatusResponse }) {
  return (
    <section aria-labelledby="job-heading">
      <h2 id="job-heading">No resources found{job.search_title ? ` for ${job.search_title}` : ''}</h2>
      <div className="notice" role="status">
        <p>The search finished but no free resource matched well enough. You could:</p>
        <ul>
          <li>remove resource types or excluded sites from the advanced options;</li>
          <li>use broader or fewer focus topics, e.g. the course&apos;s main subject;</li>
          <li>give the textbook title and author, or the course page URL, instead;</li>
          <li>tick &quot;Bypass cache&quot; if you expect the answer to have changed.</li>
        </ul>
      </div>
      <NewSearchLink />
    </section>
  );
}
