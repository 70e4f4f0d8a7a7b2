import { useEffect, useState } from 'react';
import type { ApiProblem } from './api';

/** What a student can do about each kind of API error, where the message alone does not say it. */
const ADVICE: Record<string, string> = {
  missing_input: 'Fill in the field for the choice you made above.',
  not_found: 'The link may be mistyped, or the search may be too old to keep. Start a new search.',
  origin_not_allowed: 'Open ScholarSource from its own address, or ask whoever runs it to allow this site.',
  too_many_streams: 'Close other ScholarSource tabs. This page keeps checking the search in the meantime.',
  internal_error: 'This is a fault on our side. Try again in a minute; if it keeps happening, describe the course another way.',
  bad_response: 'Reload the page. If the problem stays, the server may be in the middle of an update.',
  network: 'If you are offline, reconnect; the page keeps your entries.',
  idempotency_conflict: 'Reload the page and submit again.',
  job_finished: 'The search had already ended; the page now shows how it ended.',
  service_unavailable: 'The service is busy for a moment; your entries are kept, so submit again shortly.',
};

export function adviceFor(code: string): string | null {
  return ADVICE[code] ?? null;
}

/** "in 42 s (at 14:03:12)" for a rate limit; ticks until the wait is over. */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (until === null) return;
    const t = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= until) clearInterval(t);
    }, 1000);
    return () => clearInterval(t);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function RetryLine({ retryAt }: { retryAt: number }) {
  const left = useCountdown(retryAt);
  const at = new Date(retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <p className="retry" data-testid="retry-after">
      {left > 0 ? (
        <>
          You can try again in <strong>{left} s</strong> (at {at}).
        </>
      ) : (
        <>You can try again now.</>
      )}
    </p>
  );
}

/** An API problem as the student reads it: the server's message, advice where we have some, and when to retry. */
export function ErrorNotice({ problem, retryAt, title }: { problem: ApiProblem; retryAt?: number | null; title?: string }) {
  const advice = adviceFor(problem.code);
  const limited = problem.status === 429;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title ?? (limited ? 'Too many requests' : 'Something went wrong')}</p>
      <p>{problem.message}</p>
      {advice && <p>{advice}</p>}
      {retryAt != null && <RetryLine retryAt={retryAt} />}
    </div>
  );
}
