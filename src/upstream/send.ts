// Send one upstream HTTP request and map transport failures (refused, reset, timeouts) to
// GatewayErrors. Knows nothing of providers or dialects.

import { request, type Dispatcher } from 'undici';
import { GatewayError } from '../errors.js';
import { collectBody } from '../io/collect-body.js';
import type { AbortState, RequestSignal } from './abort-signal.js';
import type { UpstreamRequest } from '../providers/provider.js';

export interface SendOptions {
  dispatcher: Dispatcher;
  signal: AbortSignal | RequestSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest silence allowed between two body chunks. */
  idleTimeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  /** As undici hands them over; flatten with flattenHeaders() where a provider needs them. */
  headers: RawHeaders;
  body: Dispatcher.ResponseData['body'];
}

export async function send(upstream: UpstreamRequest, options: SendOptions): Promise<UpstreamResponse> {
  try {
    const response = await request(upstream.url, {
      method: upstream.method,
      headers: upstream.headers,
      body: upstream.body,
      dispatcher: options.dispatcher,
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.idleTimeoutMs,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  } catch (error) {
    throw toTransportError(error, options.signal);
  }
}

/** Read a whole (error or JSON) body as text, bounded so a hostile upstream cannot exhaust memory. */
export async function readText(
  body: UpstreamResponse['body'],
  limitBytes = 64 * 1024 * 1024,
): Promise<string> {
  const bytes = await collectBody(body, limitBytes, () => {
    body.destroy();
    return new GatewayError('upstream_error', 'The upstream response exceeded the size limit.');
  });
  return bytes.toString('utf8');
}

export type RawHeaders = Record<string, string | string[] | undefined>;

/** One string per header (repeated ones joined), the shape providers read. Off the success path. */
export function flattenHeaders(headers: RawHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Map undici/network failures to the gateway's error vocabulary. */
export function toTransportError(error: unknown, signal?: AbortState): GatewayError {
  if (error instanceof GatewayError) return error;
  if (signal?.aborted && signal.reason instanceof GatewayError) return signal.reason;
  const code = (error as { code?: string } | undefined)?.code ?? '';
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new GatewayError('upstream_timeout', 'The upstream did not answer in time.', { cause: error });
    case 'UND_ERR_BODY_TIMEOUT':
      return new GatewayError('upstream_timeout', 'The upstream went silent past the idle timeout.', {
        cause: error,
      });
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new GatewayError('upstream_unreachable', 'Connecting to the upstream timed out.', {
        cause: error,
      });
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new GatewayError('upstream_unreachable', 'The upstream could not be reached.', { cause: error });
    default:
      return new GatewayError('upstream_error', 'The connection to the upstream failed.', { cause: error });
  }
}
