// The inbound HTTP(S) server: node:http (see docs/decisions/0001-http-server.md) with the limits a
// public endpoint needs against slow or hostile clients, answering protocol errors in JSON.

import { readFileSync } from 'node:fs';
import {
  createServer as createPlainServer,
  type IncomingMessage,
  type ServerResponse,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';

export interface HttpServerOptions {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxHeaderBytes: number;
  tls?: { certFile: string; keyFile: string } | undefined;
}

export function createHttpServer(
  options: HttpServerOptions,
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Server {
  const settings = {
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    maxHeaderSize: options.maxHeaderBytes,
    keepAliveTimeout: 65_000,
    noDelay: true,
    // Node checks header and request timeouts on this interval; the default (30 s) is too coarse.
    connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
  };
  const server = options.tls
    ? createHttpsServer(
        { ...settings, cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) },
        handler,
      )
    : createPlainServer(settings, handler);
  server.on('clientError', answerClientError);
  return server;
}

/** Node reports malformed requests, oversized headers and slow clients here, before any handler. */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
