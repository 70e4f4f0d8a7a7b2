/** Real local HTTP(S) servers on 127.0.0.1 with an ephemeral port, for the guarded fetcher tests. */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  port: number;
  /** Base URL, e.g. http://127.0.0.1:54321 */
  origin: string;
  close: () => Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function listen(server: http.Server | https.Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export const startHttpServer = (handler: Handler): Promise<TestServer> => listen(http.createServer(handler), 'http');

export const startHttpsServer = (options: https.ServerOptions, handler: Handler): Promise<TestServer> =>
  listen(https.createServer(options, handler), 'https');
