import { MaxRetriesPerRequestError, ReplyError } from 'ioredis';
import { QueueUnavailableError } from './queue';

/** Messages ioredis gives plain Errors when it cannot reach Redis (down, restarting, timed out). */
const UNREACHABLE = /^(Command timed out|Stream isn't writeable|Connection is closed|Reached the max retries per request limit)/;
/** Server replies that mean "not now" rather than "wrong request": full, loading, misconfigured, a replica. */
const BUSY_REPLY = /^(OOM|LOADING|MISCONF|READONLY|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * True for an error that says Redis is unreachable or cannot take writes for now, so an HTTP caller should
 * get 503 with Retry-After instead of a 500. Anything else (a bug, a bad script) stays a 500.
 */
export function isRedisUnavailable(e: unknown): boolean {
  if (e instanceof QueueUnavailableError || e instanceof MaxRetriesPerRequestError) return true;
  if (!(e instanceof Error)) return false;
  if (e instanceof ReplyError) return BUSY_REPLY.test(e.message);
  return UNREACHABLE.test(e.message);
}


/** True for Redis's OOM reply: it is at maxmemory and, with noeviction, refuses every write. */
export function isRedisFull(e: unknown): boolean {
  return e instanceof ReplyError && (e as Error).message.startsWith('OOM');
}
