import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiProblem } from './api';
import { StatusResponse, isTerminal } from './contracts';

export type Channel = 'connecting' | 'live' | 'polling' | 'done';
export type CancelState = 'idle' | 'cancelling' | 'failed';

export interface JobWatch {
  job: StatusResponse | null;
  /** Why the job cannot be shown at all (unknown id, malformed link). */
  fatal: ApiProblem | null;
  /** A passing problem while following the job (network, rate limit); following goes on. */
  transient: ApiProblem | null;
  channel: Channel;
  now: number;
  cancel: (reason: 'user' | 'time_limit') => Promise<void>;
  cancelState: CancelState;
  cancelProblem: ApiProblem | null;
  /** The client-side time limit stopped this job. */
  timedOut: boolean;
}

export interface JobWatchOptions {
  pollMs: number;
  timeLimitMs: number;
}

const STATUS_RANK: Record<StatusResponse['status'], number> = { pending: 0, queued: 1, running: 2, completed: 3, failed: 3, cancelled: 3 };
const rank = (s: StatusResponse): number => STATUS_RANK[s.status] * 10 + s.progress.stage_index;

/** Keeps the newest state: an event replayed from the start of the stream never moves the view back. */
function newer(prev: StatusResponse | null, next: StatusResponse): StatusResponse {
  if (!prev || isTerminal(next.status)) return next;
  if (isTerminal(prev.status)) return prev;
  return rank(next) >= rank(prev) ? next : prev;
}

/** Milliseconds the job has run: from creation to its end, or to now; never negative (clock skew). */
export function elapsedMs(job: StatusResponse, now: number): number {
  const start = Date.parse(job.created_at);
  const end = job.completed_at ? Date.parse(job.completed_at) : now;
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : Math.max(0, end - start);
}

/**
 * Follows one job: its status at once, then live Server-Sent Events (GET /api/jobs/:id/events), and when the
 * stream drops, polling every `pollMs`. Stops at the terminal state. A job still unfinished after
 * `timeLimitMs` is cancelled.
 */
export function useJob(id: string, { pollMs, timeLimitMs }: JobWatchOptions): JobWatch {
  const [job, setJob] = useState<StatusResponse | null>(null);
  const [fatal, setFatal] = useState<ApiProblem | null>(null);
  const [transient, setTransient] = useState<ApiProblem | null>(null);
  const [channel, setChannel] = useState<Channel>('connecting');
  const [now, setNow] = useState(() => Date.now());
  const [cancelState, setCancelState] = useState<CancelState>('idle');
  const [cancelProblem, setCancelProblem] = useState<ApiProblem | null>(null);
  const [timedOut, setTimedOut] = useState(false);
  const refresh = useRef<() => Promise<void>>(() => Promise.resolve());
  const limitFired = useRef(false);

  useEffect(() => {
    let stopped = false;
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setJob(null);
    setFatal(null);
    setTransient(null);
    setChannel('connecting');
    setCancelState('idle');
    setCancelProblem(null);
    setTimedOut(false);
    limitFired.current = false;

    const finish = () => {
      es?.close();
      es = null;
      clearTimeout(timer);
      setChannel('done');
    };
    const accept = (s: StatusResponse) => {
      if (stopped || s.job_id !== id) return;
      setJob((prev) => newer(prev, s));
      setTransient(null);
      if (isTerminal(s.status)) finish();
    };
    const fail = (e: unknown): 'fatal' | number => {
      const p = e instanceof ApiProblem ? e : new ApiProblem(0, 'network', 'Could not read the search status.');
      if (p.status === 404 || p.status === 422) {
        setFatal(p);
        finish();
        return 'fatal';
      }
      setTransient(p);
      return p.retryAfter !== null ? Math.max(pollMs, p.retryAfter * 1000) : pollMs;
    };

    const poll = async () => {
      if (stopped) return;
      let delay: number | 'fatal' = pollMs;
      try {
        const s = await api.status(id);
        accept(s);
        if (isTerminal(s.status)) return;
      } catch (e) {
        if (stopped) return;
        delay = fail(e);
        if (delay === 'fatal') return;
      }
      if (!stopped) timer = setTimeout(() => void poll(), delay);
    };
    const startPolling = () => {
      es?.close();
      es = null;
      if (stopped) return;
      setChannel('polling');
      clearTimeout(timer);
      void poll();
    };
    const openStream = () => {
      if (typeof EventSource === 'undefined') return startPolling();
      const source = new EventSource(api.eventsUrl(id));
      es = source;
      const onData = (ev: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(ev.data);
        } catch {
          return;
        }
        const parsed = StatusResponse.safeParse(data);
        if (parsed.success) {
          setChannel('live');
          accept(parsed.data);
        }
      };
      source.addEventListener('status', onData);
      source.addEventListener('progress', onData);
      source.addEventListener('open', () => !stopped && setChannel('live'));
      // A dropped stream (or one refused with 429) is replaced by polling; the browser's own retry is stopped.
      source.addEventListener('error', () => {
        if (!stopped && es === source) startPolling();
      });
    };
    refresh.current = async () => {
      try {
        accept(await api.status(id));
      } catch {
        /* the stream or the polling brings the next state */
      }
    };

    void (async () => {
      try {
        const s = await api.status(id);
        if (stopped) return;
        accept(s);
        if (!isTerminal(s.status)) openStream();
      } catch (e) {
        if (stopped) return;
        const d = fail(e);
        if (d !== 'fatal') {
          setChannel('polling');
          timer = setTimeout(() => void poll(), d);
        }
      }
    })();

    return () => {
      stopped = true;
      es?.close();
      clearTimeout(timer);
    };
  }, [id, pollMs]);

  const running = job !== null && !isTerminal(job.status);
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);

  const cancel = useCallback(
    async (reason: 'user' | 'time_limit') => {
      setCancelState('cancelling');
      setCancelProblem(null);
      try {
        await api.cancel(id);
        if (reason === 'time_limit') setTimedOut(true);
        setCancelState('idle');
      } catch (e) {
        const p = e instanceof ApiProblem ? e : new ApiProblem(0, 'network', 'The cancel request could not be sent.');
        if (p.code === 'job_finished') setCancelState('idle');
        else {
          setCancelProblem(p);
          setCancelState('failed');
        }
      }
      await refresh.current();
    },
    [id],
  );

  useEffect(() => {
    if (!job || !running || limitFired.current) return;
    if (elapsedMs(job, now) >= timeLimitMs) {
      limitFired.current = true;
      void cancel('time_limit');
    }
  }, [job, now, running, timeLimitMs, cancel]);

  return { job, fatal, transient, channel, now, cancel, cancelState, cancelProblem, timedOut };
}
