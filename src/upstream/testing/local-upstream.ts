// For tests only: an HTTP server on 127.0.0.1:0 whose answer is chosen per path (with query), so
// one server serves every case of a transport test. Closes its open sockets on close().

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface LocalUpstream {
  origin: string;
  routes: Map<string, RouteHandler>;
  close(): Promise<void>;
}

export async function startLocalUpstream(): Promise<LocalUpstream> {
  const routes = new Map<string, RouteHandler>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const handler = routes.get(request.url ?? '');
      if (handler) handler(request, response, Buffer.concat(chunks).toString('utf8'));
      else response.writeHead(404).end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
