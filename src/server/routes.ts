// The route table of the HTTP edge, in one place: which handler serves which method and path,
// which dialect shapes its errors, and which routes pass admission control.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dialect } from '../core/index.js';
import { GatewayError, toGatewayError } from '../errors.js';
import { RetriesExhausted } from '../routing/with-retries.js';
import { Exchange } from './exchange.js';
import { startTrail } from './start-trail.js';
import type { RequestTrail } from '../telemetry/request-trail.js';
import type { Gateway } from './gateway.js';
import { handleAdminKeys } from './handlers/admin-keys.js';
import { handleAdminRecords } from './handlers/admin-records.js';
import { handleAdminReviews } from './handlers/admin-reviews.js';
import { clientReviewsPath, handleClientReview } from './handlers/client-reviews.js';
import { handleAdminCache } from './handlers/admin-cache.js';
import { handleAdminGuardScan } from './handlers/admin-guard-scan.js';
import { handleMetrics } from './handlers/metrics.js';
import { handleChat } from './handlers/chat.js';
import { handleCountTokens } from './handlers/count-tokens.js';
import { handleEmbeddings } from './handlers/embeddings.js';
import { handleHealth, handleReady } from './handlers/health.js';
import { handleModel, handleModels } from './handlers/models.js';
import { decodePathPart } from './path-part.js';

export async function route(
  request: IncomingMessage,
  response: ServerResponse,
  gateway: Gateway,
): Promise<void> {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query = (): URLSearchParams => new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1));
  const method = request.method ?? 'GET';
  const exchange = new Exchange(request, response, dialectOf(path, request));
  // Every data-plane request gets a trail, refused ones included: its record is written after
  // the answer (src/telemetry/records.ts).
  let trail: RequestTrail | undefined;
  try {
    switch (path) {
      case '/v1/chat/completions':
      case '/v1/messages': {
        const chat = (trail = startTrail(exchange, 'chat'));
        requireMethod(method, 'POST');
        // Shed at once while overloaded; the slot is taken once the body is in (handlers/chat.ts).
        gateway.admission.shed();
        return await handleChat(exchange, gateway, chat);
      }
      case '/v1/embeddings': {
        const embeddings = (trail = startTrail(exchange, 'embeddings'));
        requireMethod(method, 'POST');
        gateway.admission.shed();
        return await handleEmbeddings(exchange, gateway, embeddings);
      }
      case '/v1/messages/count_tokens':
        requireMethod(method, 'POST');
        gateway.admission.shed();
        return await handleCountTokens(exchange, gateway);
      case '/v1/models':
        requireMethod(method, 'GET');
        return await handleModels(exchange, gateway, query());
      case '/health':
        return handleHealth(exchange);
      case '/ready':
        return handleReady(exchange, gateway);
      case '/admin/keys':
        return await handleAdminKeys(exchange, gateway, method, undefined, query());
      case '/admin/records':
      case '/admin/usage':
        return await handleAdminRecords(exchange, gateway, method, path, query());
      case '/admin/reviews':
        return await handleAdminReviews(exchange, gateway, method, path, query());
      case '/admin/cache':
        return await handleAdminCache(exchange, gateway, method, query());
      case '/admin/guard/scan':
        return await handleAdminGuardScan(exchange, gateway, method);
      case '/metrics':
        requireMethod(method, 'GET');
        return await handleMetrics(exchange, gateway);
      default:
        if (path.startsWith(clientReviewsPath)) {
          return await handleClientReview(exchange, gateway, method, path);
        }
        if (path.startsWith(modelPath)) {
          requireMethod(method, 'GET');
          return await handleModel(exchange, gateway, decodePathPart(path.slice(modelPath.length)));
        }
        if (path.startsWith('/admin/records/')) {
          return await handleAdminRecords(exchange, gateway, method, path, query());
        }
        if (path.startsWith('/admin/reviews/')) {
          return await handleAdminReviews(exchange, gateway, method, path, query());
        }
        if (path.startsWith('/admin/keys/')) {
          const id = decodePathPart(path.slice('/admin/keys/'.length));
          return await handleAdminKeys(exchange, gateway, method, id, query());
        }
        throw new GatewayError('not_found', `No route for ${method} ${path}.`);
    }
  } catch (error) {
    const failure = toGatewayError(error);
    // A failure the gateway did not expect says nothing useful to the client (a 500): its cause
    // goes to the log, with the request id the client was given.
    if (failure.code === 'internal') logUnexpected(gateway, exchange, error);
    if (trail !== undefined) {
      trail.error = failure;
      trail.status = failure.status;
    }
    // The gateway spent its own retries (a fallback model's included): the client should not add more.
    const retried =
      (error instanceof RetriesExhausted && error.attempts > 1) || (trail?.attempts.length ?? 0) > 1;
    exchange.sendError(failure, retried);
  } finally {
    if (trail !== undefined) {
      trail.cancelled = exchange.cancelled;
      if (trail.workflowId !== null) gateway.workflows.add(trail.workflowId, Date.now() - trail.receivedAt);
      gateway.records.finish(trail, gateway.configs.current);
    }
  }
}

function logUnexpected(gateway: Gateway, exchange: Exchange, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  (gateway.log ?? console.error)(`unexpected error in request ${exchange.requestId}: ${detail}`);
}

/** `GET /v1/models/{id}`: the id is the rest of the path, percent-decoded (it may hold '/'). */
const modelPath = '/v1/models/';

function dialectOf(path: string, request: IncomingMessage): Dialect {
  if (path === '/v1/messages' || path === '/v1/messages/count_tokens') return 'anthropic';
  if (path === '/v1/chat/completions' || path === '/v1/embeddings') return 'openai';
  return request.headers['anthropic-version'] === undefined ? 'openai' : 'anthropic';
}

function requireMethod(method: string, allowed: string): void {
  if (method !== allowed) throw new GatewayError('method_not_allowed', `Use ${allowed} on this route.`);
}
