// One attempt of a chat call against one target: build the provider request, send it, and either
// return the whole JSON answer or hold the stream until its commit point (the first content event).
// Anything that fails before the commit point throws, so the router may retry or fall back.

import { applyModelRules } from '../catalog/apply-model-rules.js';
import type { Cancellation, ChatResponse } from '../core/index.js';
import { GatewayError } from '../errors.js';
import type { ChatPayload, Provider, SseEvent } from '../providers/provider.js';
import { authorized, type Authorizers } from '../upstream/auth/authorizer.js';
import type { Dispatchers } from '../upstream/dispatchers.js';
import type { KeyRings } from '../upstream/key-ring.js';
import { readFrames } from '../upstream/read-frames.js';
import { flattenHeaders, readText, send, toTransportError } from '../upstream/send.js';
import { headersOf, sendWhole } from '../upstream/send-whole.js';
import { rateLimitLookup, rawRateLimitLookup, type HeaderLookup } from '../upstream/rate-limit-lookup.js';
import { upstreamFailure } from './upstream-failure.js';
import type { ChatCall, ChatOutcome, ChatTarget } from './chat-types.js';
import { StreamTranslator, type ClientStreamEncoder } from './stream-translator.js';
import { restoringEncoder } from './restoring-encoder.js';
import { guardedEncoder } from './output-guardrails.js';
import { AttemptControl } from './attempt-control.js';
import { resolveCallImages, type ImageSettings } from './resolve-images.js';
import type { AttemptTrail } from '../telemetry/request-trail.js';
import { StreamObserver } from '../telemetry/stream-observer.js';

export interface AttemptDependencies {
  providerFor(type: ChatTarget['settings']['type']): Provider;
  dispatchers: Dispatchers;
  authorizers: Authorizers;
  keyRings: KeyRings;
  /** Live config; only `outbound.images` is read, for providers that take image bytes only. */
  configs: { readonly current: { outbound: { images: ImageSettings } } };
  /** Told of an answer's rate-limit headers, for quota-aware balancing. */
  observeQuota?(target: ChatTarget, status: number, header: HeaderLookup): void;
}

export interface AttemptOptions {
  number: number;
  /** Cancelled when the client goes away. */
  cancellation: Cancellation;
  /** Epoch ms by which the whole request must be done. */
  deadline: number;
  /** Where the request record notes this attempt's status and answer (src/telemetry). */
  trail?: AttemptTrail;
  /** Extra headers for the upstream (the W3C traceparent). */
  traceHeaders?: Record<string, string>;
  /** Keeps the deployment counted in flight while the stream is relayed (routing/with-retries.ts). */
  keepOpen?: () => () => void;
}

export async function attemptChat(
  call: ChatCall,
  target: ChatTarget,
  options: AttemptOptions,
  dependencies: AttemptDependencies,
): Promise<ChatOutcome> {
  const provider = dependencies.providerFor(target.settings.type);
  const sameDialect = provider.dialect === call.codec.dialect;
  const apiKey = dependencies.keyRings.pick(target.settings.name, target.settings.apiKeys);
  let payload: ChatPayload = sameDialect
    ? { kind: 'native', body: call.body, headers: call.forwardHeaders }
    : {
        kind: 'canonical',
        // Only a provider that takes no image URLs waits for image fetches (src/pipeline/resolve-images.ts).
        request:
          provider.imageUrls === 'bytes-only'
            ? await resolveCallImages(call, {
                settings: dependencies.configs.current.outbound.images,
                cancellation: options.cancellation,
                deadline: options.deadline,
              })
            : call.canonical(),
      };
  // Catalog rules (issue 3): limits and parameters the model rejects; absent for most targets.
  let warning: string | undefined;
  if (target.rules !== undefined) ({ payload, warning } = applyModelRules(payload, target.rules));
  if (payload.kind === 'canonical' && payload.request.topK !== undefined && provider.topK === 'unsupported') {
    const dropped = `dropped top_k: ${provider.type} has no such parameter`;
    warning = warning === undefined ? dropped : `${warning}, ${dropped}`;
  }
  const built = provider.chatRequest({
    model: target.upstreamModel,
    stream: call.stream,
    payload,
    settings: target.settings,
    apiKey,
  });
  const control = new AttemptControl(options.cancellation, options.deadline);
  // Streams must reach their first content event within firstTokenMs; a non-streaming answer
  // arrives whole, so only the total deadline bounds it.
  if (call.stream) control.expectFirstToken(target.timeouts.firstTokenMs);
  try {
    if (options.traceHeaders !== undefined) Object.assign(built.headers, options.traceHeaders);
    const pending = authorized(dependencies.authorizers, target.settings, built, control.signal);
    const upstream = pending instanceof Promise ? await pending : pending;
    const transport = {
      dispatcher: dependencies.dispatchers.for(target.settings.name, upstream.url),
      signal: control.signal,
      // Until the headers: a non-streaming answer arrives whole, so only the deadline bounds it.
      headersTimeoutMs: Math.max(1, options.deadline - Date.now()),
      idleTimeoutMs: target.timeouts.idleMs,
    };
    if (!call.stream) {
      const whole = await sendWhole(upstream, transport);
      noteQuota(dependencies, target, whole.status, rawRateLimitLookup(whole.rawHeaders));
      const trail = options.trail;
      if (trail !== undefined) trail.status = whole.status;
      if (whole.status < 400) notSuccess(whole.status);
      if (whole.status >= 400) {
        const text = whole.body.toString('utf8');
        throw upstreamFailure(
          provider,
          whole.status,
          headersOf(whole.rawHeaders),
          text,
          target.settings,
          apiKey,
          dependencies,
        );
      }
      control.finish({ abort: false });
      const text = whole.body.toString('utf8');
      if (sameDialect) {
        // Read here, not only for the record: a 200 that is HTML, cut short or an error object is
        // the upstream's failure, never an answer to pass on (or to cache).
        const response = parseAcross(provider, text);
        if (trail !== undefined) trail.answer = { kind: 'upstream-json', text, provider, response };
        return { kind: 'json', body: text, warning };
      }
      const response = parseAcross(provider, text);
      if (trail !== undefined) trail.answer = { kind: 'canonical', response };
      return {
        kind: 'json',
        body: JSON.stringify(call.codec.renderResponse(response, call.model)),
        warning,
      };
    }
    const response = await send(upstream, transport);
    noteQuota(dependencies, target, response.status, rateLimitLookup(response.headers));
    if (options.trail !== undefined) options.trail.status = response.status;
    if (response.status < 400) notSuccess(response.status);
    if (response.status >= 400) {
      const text = await readText(response.body);
      throw upstreamFailure(
        provider,
        response.status,
        flattenHeaders(response.headers),
        text,
        target.settings,
        apiKey,
        dependencies,
      );
    }
    const observer = options.trail === undefined ? undefined : new StreamObserver(call.keepEvents);
    // Watched from the first byte: an attempt that fails or is called off after its upstream began
    // to answer is billed, and the record prices it from what the observer saw.
    if (options.trail !== undefined && observer !== undefined)
      options.trail.begun = { kind: 'stream', observer };
    // A redacted or output-checked request's stream is re-encoded: placeholders split between
    // deltas are restored, and entities cut between deltas are still seen.
    const translator = new StreamTranslator(
      provider.streamDecoder(),
      sameDialect && call.redaction === undefined && call.outputGuard === undefined
        ? {
            kind: 'passthrough',
            dialect: call.codec.dialect,
            includeUsage: call.includeUsage,
            renderError: (error) => call.codec.renderStreamError(error),
          }
        : { kind: 'encode', encoder: clientEncoder(call, sameDialect) },
      observer,
    );
    const batches = readFrames(provider.streamFraming, response.body);
    let head = '';
    for (;;) {
      const next = await batches.next().catch((error: unknown) => {
        throw toTransportError(error, control.signal);
      });
      if (next.done) {
        throw new GatewayError('stream_interrupted', 'The upstream closed the stream before any content.', {
          retryable: true,
        });
      }
      const translated = translator.translate(next.value);
      if (translated.error && !translated.committed) throw translated.error;
      head += translated.text;
      if (translated.done || translated.error) {
        settle(batches, control, translated.done);
        noteStream(options.trail, observer);
        return { kind: 'stream', head, rest: finished(), warning };
      }
      if (translated.committed) break;
    }
    control.committed();
    noteStream(options.trail, observer);
    // Closed when the relay ends, or when the attempt is called off before anyone relays it.
    const keepOpen = options.keepOpen?.();
    const unsubscribe = keepOpen === undefined ? undefined : options.cancellation.onCancel(keepOpen);
    const close =
      keepOpen === undefined
        ? undefined
        : () => {
            unsubscribe?.();
            keepOpen();
          };
    return {
      kind: 'stream',
      head,
      rest: relay(batches, translator, control, close),
      warning,
      stop: control.signal,
    };
  } catch (error) {
    control.finish();
    const failure = toTransportError(error, control.signal);
    // An answer refused after the upstream reported its usage (GatewayError.reportedUsage) was billed.
    if (options.trail !== undefined && failure.reportedUsage !== undefined) {
      options.trail.begun = { kind: 'failed', usage: failure.reportedUsage };
    }
    throw failure;
  }
}

/** After the commit point: bytes flow as they come; any failure ends with the client's error event. */
async function* relay(
  batches: AsyncGenerator<SseEvent[]>,
  translator: StreamTranslator,
  control: AttemptControl,
  close?: () => void,
): AsyncGenerator<string, void, undefined> {
  let done = false;
  try {
    for (;;) {
      let next: IteratorResult<SseEvent[]>;
      try {
        next = await batches.next();
      } catch (error) {
        yield translator.fail(toTransportError(error, control.signal));
        return;
      }
      if (next.done) {
        yield translator.fail(
          new GatewayError('stream_interrupted', 'The upstream closed the stream before it was complete.'),
        );
        return;
      }
      const translated = translator.translate(next.value);
      done = translated.done;
      if (translated.text) yield translated.text;
      if (translated.done || translated.error) return;
    }
  } finally {
    settle(batches, control, done);
    close?.();
  }
}

/**
 * Release an attempt. After a clean end the rest of the upstream body (its last chunk marker) is
 * drained in the background so the connection returns to the pool; otherwise the upstream is aborted.
 */
function settle(batches: AsyncGenerator<SseEvent[]>, control: AttemptControl, clean: boolean): void {
  if (!clean) {
    control.finish();
    return;
  }
  void (async () => {
    try {
      for await (const _batch of batches) {
        // Nothing may follow the terminal event; whatever does is discarded.
      }
    } catch {
      // The upstream closed oddly after a complete stream: nothing is lost.
    } finally {
      control.finish({ abort: false });
    }
  })();
}

async function* finished(): AsyncGenerator<string, void, undefined> {}

/**
 * The client's stream encoder; one that restores redacted values when the request was redacted.
 * `upstreamIds`: the provider speaks the client's dialect, so the stream keeps the upstream's id and
 * model, as it would passed through.
 */
export function clientEncoder(call: ChatCall, upstreamIds = false): ClientStreamEncoder {
  const encoder = call.codec.streamEncoder({
    id: call.requestId,
    model: call.model,
    created: Math.floor(Date.now() / 1000),
    includeUsage: call.includeUsage,
    upstreamIds,
  });
  // Output checks see the answer before redacted values are put back (a user's own data is never masked).
  const restoring = call.redaction === undefined ? encoder : restoringEncoder(encoder, call.redaction);
  return call.outputGuard === undefined ? restoring : guardedEncoder(restoring, call.outputGuard);
}

/** The stream reached its commit point: the record reads its usage and end from the observer. */
function noteStream(trail: AttemptTrail | undefined, observer: StreamObserver | undefined): void {
  if (trail === undefined || observer === undefined) return;
  trail.firstTokenAt = Date.now();
  trail.answer = { kind: 'stream', observer };
}

/** A 1xx, 3xx or 204 (a redirect to a login page, say) is no answer: a failure a retry will not mend. */
function notSuccess(status: number): void {
  if (status >= 200 && status < 300 && status !== 204) return;
  throw new GatewayError('upstream_error', `The upstream answered with status ${status}, not an answer.`, {
    retryable: false,
  });
}

function parseAcross(provider: Provider, text: string): ChatResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GatewayError('upstream_error', 'The upstream answered with invalid JSON.', { cause: error });
  }
  return provider.chatResponse(parsed);
}

/** Only answers with rate-limit headers say something of quota (a 429 reaches the router as its error). */
export function noteQuota(
  dependencies: Pick<AttemptDependencies, 'observeQuota'>,
  target: ChatTarget,
  status: number,
  header: HeaderLookup | undefined,
): void {
  if (header !== undefined) dependencies.observeQuota?.(target, status, header);
}
