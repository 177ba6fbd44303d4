// Before a canonical request goes to a provider that only takes image bytes (Provider.imageUrls
// 'bytes-only'), fetch every http(s) image URL in its messages and tool results and put the bytes in
// as base64. Never touches same-dialect bodies, and returns the request itself when it has no URLs.

import type { Cancellation, ChatRequest, ContentPart, ImagePart, Message } from '../core/index.js';
import { GatewayError } from '../errors.js';
import { AllowList } from '../upstream/image-fetch-address.js';
import { fetchImage, type FetchedImage, type Resolver } from '../upstream/image-fetch.js';
import type { ChatCall } from './chat-types.js';

/** The `outbound.images` config section. */
export interface ImageSettings {
  allow: string[];
  maxBytes: number;
  maxTotalBytes: number;
  timeoutMs: number;
}

export interface ResolveImagesOptions {
  settings: ImageSettings;
  cancellation?: Cancellation;
  /** Epoch ms the whole request must finish by; a fetch never outlives it. */
  deadline?: number;
  /** For tests: a fake DNS. */
  resolve?: Resolver;
}

/** Fetches in flight at once for one request: enough for a handful of images, gentle on memory. */
const concurrency = 4;

const allowLists = new WeakMap<readonly string[], AllowList>();

const resolvedByCall = new WeakMap<object, Promise<ChatRequest>>();

/**
 * The canonical request of a client call with image bytes in, resolved once per call: retries and
 * fallbacks to another bytes-only target reuse the fetched bytes rather than fetching again.
 */
export function resolveCallImages(
  call: Pick<ChatCall, 'canonical'>,
  options: ResolveImagesOptions,
): Promise<ChatRequest> {
  let resolved = resolvedByCall.get(call);
  if (resolved === undefined) {
    resolved = resolveImages(call.canonical(), options);
    resolvedByCall.set(call, resolved);
  }
  return resolved;
}

/** The request with every image URL replaced by its bytes; the same object when there is none. */
export async function resolveImages(
  request: ChatRequest,
  options: ResolveImagesOptions,
): Promise<ChatRequest> {
  const urls = imageUrls(request.messages);
  if (urls.size === 0) return request;
  const fetched = await fetchAll([...urls], options);
  return { ...request, messages: request.messages.map((message) => withBytes(message, fetched)) };
}

/** Every distinct URL-sourced image, in messages and in tool results. */
function imageUrls(messages: readonly Message[]): Set<string> {
  const urls = new Set<string>();
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === 'image' && part.source.kind === 'url') urls.add(part.source.url);
      else if (part.type === 'tool-result') {
        for (const inner of part.content) {
          if (inner.type === 'image' && inner.source.kind === 'url') urls.add(inner.source.url);
        }
      }
    }
  }
  return urls;
}

async function fetchAll(urls: string[], options: ResolveImagesOptions): Promise<Map<string, FetchedImage>> {
  const { settings } = options;
  const controller = new AbortController();
  const unsubscribe = options.cancellation?.onCancel(() =>
    controller.abort(new GatewayError('request_timeout', 'The client closed the connection.')),
  );
  const remaining = options.deadline === undefined ? Infinity : options.deadline - Date.now();
  const fetchOptions = {
    allowList: allowListFor(settings.allow),
    maxBytes: settings.maxBytes,
    timeoutMs: Math.max(1, Math.min(settings.timeoutMs, remaining)),
    budget: { remaining: settings.maxTotalBytes },
    signal: controller.signal,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  };
  const results = new Map<string, FetchedImage>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const url = urls[next++] as string;
      results.set(url, dataUrlImage(url) ?? (await fetchImage(url, fetchOptions)));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  } catch (error) {
    // One failure fails the request: stop the other fetches rather than finish them for nothing.
    controller.abort();
    throw error;
  } finally {
    unsubscribe?.();
  }
  return results;
}

/** A `data:<type>;base64,` URL (Anthropic's url source allows one) needs no fetch. */
function dataUrlImage(url: string): FetchedImage | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  const header = url.slice(5, comma === -1 ? 5 : comma);
  if (comma === -1 || !header.endsWith(';base64') || header.length <= ';base64'.length) {
    throw new GatewayError(
      'invalid_request',
      "An image data URL must look like 'data:<media type>;base64,<data>'.",
    );
  }
  return { mediaType: header.slice(0, header.indexOf(';')), data: url.slice(comma + 1) };
}

function allowListFor(entries: string[]): AllowList {
  let list = allowLists.get(entries);
  if (list === undefined) {
    list = new AllowList(entries);
    allowLists.set(entries, list);
  }
  return list;
}

function withBytes(message: Message, fetched: ReadonlyMap<string, FetchedImage>): Message {
  if (!message.content.some(hasUrlImage)) return message;
  return { ...message, content: message.content.map((part) => partWithBytes(part, fetched)) };
}

function partWithBytes(part: ContentPart, fetched: ReadonlyMap<string, FetchedImage>): ContentPart {
  if (part.type === 'image') return imageWithBytes(part, fetched);
  if (part.type === 'tool-result') {
    return {
      ...part,
      content: part.content.map((inner) => (inner.type === 'image' ? imageWithBytes(inner, fetched) : inner)),
    };
  }
  return part;
}

function imageWithBytes(part: ImagePart, fetched: ReadonlyMap<string, FetchedImage>): ImagePart {
  if (part.source.kind !== 'url') return part;
  const image = fetched.get(part.source.url);
  if (image === undefined) return part;
  return { ...part, source: { kind: 'base64', mediaType: image.mediaType, data: image.data } };
}

function hasUrlImage(part: ContentPart): boolean {
  if (part.type === 'image') return part.source.kind === 'url';
  if (part.type === 'tool-result')
    return part.content.some((inner) => inner.type === 'image' && inner.source.kind === 'url');
  return false;
}
