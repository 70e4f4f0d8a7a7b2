import type { FastifyInstance, FastifyReply } from 'fastify';
import { isTerminal } from '../../contracts/vocabulary';
import type { JobEventMessage } from '../../queue/event-bus';
import type { ApiDeps } from '../deps';
import { ErrorBody } from '../../contracts/status';
import { clientKey } from '../client-key';
import { openApiSchema } from '../openapi';
import { ApiError, notFound } from '../errors';
import { enforceRateLimit, parseJobId } from '../guards';

const HEARTBEAT_MS = 15_000;
const err = openApiSchema(ErrorBody, 'output');
/** Live events are best effort (pub/sub may drop one); the stream re-reads the store this often. */
const CATCH_UP_MS = 5_000;

/**
 * Server-Sent Events for one job. Subscribes first, then replays what the store holds after
 * Last-Event-ID, then streams live events; sequence numbers drop duplicates. Closes after a terminal state.
 */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/jobs/:job_id/events',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Live job events (text/event-stream); resume with Last-Event-ID',
        description:
          'Answers 200 with a text/event-stream of `status` and `progress` events (id = sequence number), closed after the terminal state; ' +
          '204 when Last-Event-ID already covers the terminal event; 429 too_many_streams when the client holds MAX_EVENT_STREAMS_PER_CLIENT streams.',
        params: { type: 'object', properties: { job_id: { type: 'string', format: 'uuid' } }, required: ['job_id'] },
        response: { 204: { type: 'null', description: 'nothing more to send' }, 404: err, 422: err, 429: err },
      },
    },
    async (req, reply) => {
      const id = parseJobId((req.params as { job_id: unknown }).job_id);
      await enforceRateLimit(deps, req, 'status');
      const job = await deps.store.jobs.get(id);
      if (!job) throw notFound('job');
      const lastSeen = lastEventId(req.headers['last-event-id'] ?? (req.query as Record<string, string | undefined>).last_event_id, job.event_seq);
      // A client resuming after the terminal event has seen everything: 204 tells EventSource to stop.
      if (isTerminal(job.status) && lastSeen >= job.event_seq) return reply.code(204).send();
      const lease = await deps.streams.acquire(clientKey(req, deps.config.TRUSTED_PROXIES), deps.config.MAX_EVENT_STREAMS_PER_CLIENT);
      if (!lease) {
        throw new ApiError(429, 'too_many_streams', `At most ${deps.config.MAX_EVENT_STREAMS_PER_CLIENT} event streams may be open at once. Close one and retry.`, undefined, {
          'retry-after': '5',
        });
      }
      await stream(deps, reply, id, lastSeen, () => lease.release());
    },
  );
}

/**
 * The sequence number the client has seen. Anything that is not a plain number, or is beyond what the job
 * has (an id from another job or a stale client), counts as nothing seen: the client gets the whole timeline
 * again (duplicates are harmless to it) rather than a stream waiting for events that will never come.
 */
function lastEventId(raw: unknown, current: number): number {
  const s = Array.isArray(raw) ? String(raw[0]) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,15}$/.test(s)) return 0;
  const n = Number(s);
  return n <= current ? n : 0;
}

async function stream(deps: ApiDeps, reply: FastifyReply, id: string, lastSeen: number, release: () => void): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  // Headers set before the hijack (CORS for an allowed origin: the web app on a static host) still apply.
  for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) res.setHeader(k, v);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let written = lastSeen;
  let closed = false;
  const pending: JobEventMessage[] = [];
  let replaying = true;

  const finish = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(beat);
    clearInterval(poll);
    release();
    res.end();
  };
  const write = (m: JobEventMessage): void => {
    if (closed || m.seq <= written) return;
    written = m.seq;
    res.write(`id: ${m.seq}\nevent: ${m.kind}\ndata: ${JSON.stringify(m.data)}\n\n`);
    if (m.kind === 'status' && isTerminal(m.data.status)) finish();
  };
  // Fills gaps from the store: after a missed live event, or periodically in case the last one was lost.
  let catching: Promise<void> | null = null;
  const catchUp = (): Promise<void> =>
    (catching ??= deps.store.jobs
      .eventsAfter(id, written)
      .then((events) => events.forEach((e) => write({ seq: e.seq, kind: e.kind, data: e.data as JobEventMessage['data'] })))
      .catch((err: unknown) => deps.log.warn({ jobId: id, err }, 'event catch-up failed'))
      .finally(() => (catching = null)));
  const onLive = (m: JobEventMessage): void => {
    if (replaying) pending.push(m);
    else if (m.seq > written + 1) void catchUp().then(() => write(m));
    else write(m);
  };
  const unsubscribe = deps.bus.subscribeJob(id, onLive);
  const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const poll = setInterval(() => void catchUp(), CATCH_UP_MS);
  res.on('close', finish);
  // The client may have gone while its slot was being taken: then 'close' has already fired.
  if (res.destroyed || !res.socket || res.socket.destroyed) finish();

  try {
    const past = await deps.store.jobs.eventsAfter(id, lastSeen);
    for (const e of past) write({ seq: e.seq, kind: e.kind, data: e.data as JobEventMessage['data'] });
    replaying = false;
    pending.sort((a, b) => a.seq - b.seq).forEach(write);
    if (!closed) {
      // A reconnect after the end: the terminal event was already seen, so there is nothing more to send.
      const job = await deps.store.jobs.get(id);
      if (job && isTerminal(job.status) && job.event_seq <= written) finish();
    }
  } catch (e) {
    deps.log.warn({ jobId: id, err: e }, 'event stream failed');
    finish();
  }
}
