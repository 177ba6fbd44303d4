// Fetches one image by URL for a provider that only takes bytes, behind an SSRF guard: http(s) only,
// every resolved address checked (image-fetch-address.ts) and the connection pinned to the checked
// one, redirects re-checked, size and time capped. Knows nothing of providers or dialects.

import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { Agent, request, type Dispatcher } from 'undici';
import { GatewayError } from '../errors.js';
import type { AllowList } from './image-fetch-address.js';
import { parseAddress, refusalOf, refusalOfName, type ParsedAddress } from './image-fetch-address.js';

/** Resolves a host name to every address it has (dns.lookup with all: true by default). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface ImageFetchOptions {
  allowList: AllowList;
  /** Largest image accepted, in bytes. */
  maxBytes: number;
  /** Whole fetch, redirects included. */
  timeoutMs: number;
  /** Shared by the fetches of one request: bytes still allowed in total. */
  budget?: { remaining: number };
  resolve?: Resolver;
  /** Aborts the fetch (the client went away); its reason is thrown when it is a GatewayError. */
  signal?: AbortSignal;
}

export interface FetchedImage {
  mediaType: string;
  /** Base64 of the body. */
  data: string;
}

/** Image types every bytes-only provider takes. */
export const imageMediaTypes: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

export const maxRedirects = 3;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Fetch `url` as an image; throws a 400 GatewayError naming the host (never the query) on any failure. */
export async function fetchImage(url: string, options: ImageFetchOptions): Promise<FetchedImage> {
  let current = parseImageUrl(url);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  for (let hop = 0; ; hop++) {
    const address = await checkedAddress(current, options);
    const agent = pinnedAgent(address, options.timeoutMs);
    try {
      const response = await send(current, agent, signal, options);
      const location = response.headers.location;
      if (redirectStatuses.has(response.statusCode) && typeof location === 'string') {
        discard(response.body);
        if (hop >= maxRedirects) throw refused(current, `more than ${maxRedirects} redirects`);
        current = parseImageUrl(resolveLocation(location, current), current);
        continue;
      }
      return await readImage(current, response, signal, options);
    } catch (error) {
      throw toFetchError(error, current, options);
    } finally {
      void agent.destroy().catch(() => undefined);
    }
  }
}

/** http(s) URLs only, without credentials; `from` names the redirecting host in errors. */
function parseImageUrl(text: string, from?: URL): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GatewayError(
      'invalid_request',
      `An image URL${from ? ` redirected to from ${from.host}` : ''} is not a valid URL.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refused(url, `the '${url.protocol.slice(0, -1)}' scheme is not fetched (http and https only)`);
  }
  if (url.username !== '' || url.password !== '') throw refused(url, 'URLs with credentials are not fetched');
  return url;
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw refused(base, 'it redirected to an invalid URL');
  }
}

/**
 * The address to connect to: the literal one, or the first a lookup gives once every one it gives
 * has passed (a name with one private address among public ones is refused: DNS could pick it).
 */
async function checkedAddress(url: URL, options: ImageFetchOptions): Promise<LookupAddress> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = parseAddress(hostname);
  if (literal !== undefined) {
    checkAddress(url, literal, options.allowList);
    return { address: hostname, family: literal.family };
  }
  const nameAllowed = options.allowList.allowsName(hostname);
  const nameRefusal = nameAllowed ? undefined : refusalOfName(hostname);
  if (nameRefusal !== undefined) throw refused(url, `it names ${nameRefusal}`);
  let addresses: LookupAddress[];
  try {
    addresses = await (options.resolve ?? defaultResolver)(hostname);
  } catch {
    throw refused(url, 'the host name could not be resolved');
  }
  const [first] = addresses;
  if (first === undefined) throw refused(url, 'the host name could not be resolved');
  if (!nameAllowed) {
    for (const entry of addresses) {
      const parsed = parseAddress(entry.address);
      if (parsed === undefined) throw refused(url, 'the host name resolved to an unreadable address');
      checkAddress(url, parsed, options.allowList);
    }
  }
  return first;
}

function checkAddress(url: URL, address: ParsedAddress, allowList: AllowList): void {
  if (allowList.allowsAddress(address)) return;
  const reason = refusalOf(address);
  if (reason !== undefined) throw refused(url, `it points to ${reason}`);
}

/**
 * An agent whose every connection goes to the checked address (no second lookup, so no DNS-rebinding
 * window); the URL's host still goes out as Host and TLS SNI, so certificates are verified for it.
 */
function pinnedAgent(target: LookupAddress, timeoutMs: number): Agent {
  const lookup = (
    _hostname: string,
    lookupOptions: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    if (lookupOptions.all === true) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  return new Agent({ connect: { lookup, timeout: timeoutMs }, connections: 1 });
}

async function send(
  url: URL,
  agent: Dispatcher,
  signal: AbortSignal,
  options: ImageFetchOptions,
): Promise<Dispatcher.ResponseData> {
  return request(url, {
    method: 'GET',
    dispatcher: agent,
    signal,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    headers: { accept: [...imageMediaTypes].join(', '), 'user-agent': 'switchyard-image-fetch' },
  });
}

/** Status, type and size checks, then the body, read no further than the caps allow. */
async function readImage(
  url: URL,
  response: Dispatcher.ResponseData,
  signal: AbortSignal,
  options: ImageFetchOptions,
): Promise<FetchedImage> {
  const { body, statusCode, headers } = response;
  if (statusCode < 200 || statusCode >= 300) {
    discard(body);
    throw refused(url, `it answered HTTP ${statusCode}`);
  }
  const contentType = headers['content-type'];
  const mediaType =
    (typeof contentType === 'string' ? contentType : '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!imageMediaTypes.has(mediaType)) {
    discard(body);
    throw refused(url, `its content type '${mediaType.slice(0, 64)}' is not png, jpeg, gif or webp`);
  }
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    discard(body);
    throw tooLarge(url, options.maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (options.budget !== undefined) options.budget.remaining -= chunk.length;
    if (size > options.maxBytes) {
      discard(body);
      throw tooLarge(url, options.maxBytes);
    }
    if (options.budget !== undefined && options.budget.remaining < 0) {
      discard(body);
      throw new GatewayError(
        'invalid_request',
        `The images of this request are larger in total than the gateway fetches (stopped at ${url.host}).`,
      );
    }
    chunks.push(chunk);
  }
  signal.throwIfAborted();
  return { mediaType, data: Buffer.concat(chunks, size).toString('base64') };
}

function toFetchError(error: unknown, url: URL, options: ImageFetchOptions): GatewayError {
  if (options.signal?.aborted && options.signal.reason instanceof GatewayError) return options.signal.reason;
  if (error instanceof GatewayError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (
    name === 'TimeoutError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return refused(url, `it took longer than ${options.timeoutMs} ms`, error);
  }
  if (name === 'AbortError') return refused(url, 'the fetch was cancelled', error);
  return refused(url, 'it could not be reached', error);
}

function tooLarge(url: URL, maxBytes: number): GatewayError {
  return refused(url, `it is larger than ${maxBytes} bytes`);
}

/** The one error shape: the host only, never the path or query (which may hold signed tokens). */
function refused(url: URL, reason: string, cause?: unknown): GatewayError {
  const where = url.host === '' ? `a ${url.protocol.slice(0, -1)} URL` : url.host;
  return new GatewayError('invalid_request', `Could not fetch the image at ${where}: ${reason}.`, { cause });
}

/** Stop reading a body we will not use; its abort error has nobody to tell and must not go unhandled. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}
