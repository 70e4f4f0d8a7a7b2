import type { FastifyRequest } from 'fastify';

/**
 * The client's IP. X-Forwarded-For is trusted only when the direct peer is a configured proxy; then the
 * right-most address that is not itself a trusted proxy is the client.
 */
export function clientKey(req: FastifyRequest, trustedProxies: readonly string[]): string {
  const peer = stripMapped(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.includes(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => stripMapped(s.trim()))
    .filter((s) => s !== '');
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i] as string;
    if (!trustedProxies.includes(hop)) return hop;
  }
  return peer;
}

const stripMapped = (ip: string): string => (ip.startsWith('::ffff:') ? ip.slice(7) : ip);
