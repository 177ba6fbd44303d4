// One attempt of an embeddings call against one target: the provider's request, sent whole, its
// answer parsed into the canonical EmbeddingsResponse, its usage noted on the attempt's trail.
// Used by POST /v1/embeddings and by the semantic cache's provider embedder (embed-through-route.ts).

import { GatewayError } from '../errors.js';
import { authorized } from '../upstream/auth/authorizer.js';
import { headersOf, sendWhole } from '../upstream/send-whole.js';
import { rawRateLimitLookup } from '../upstream/rate-limit-lookup.js';
import { noteQuota } from '../pipeline/chat-attempt.js';
import { upstreamFailure } from '../pipeline/upstream-failure.js';
import { AttemptControl } from '../pipeline/attempt-control.js';
import type { ChatTarget } from '../pipeline/chat-types.js';
import type { Cancellation, EmbeddingsRequest, EmbeddingsResponse } from '../core/index.js';
import type { AttemptTrail } from '../telemetry/request-trail.js';
import type { Gateway } from './gateway.js';

export async function embedAttempt(
  gateway: Gateway,
  target: ChatTarget,
  request: EmbeddingsRequest,
  options: {
    cancellation: Cancellation;
    deadline: number;
    attempt: AttemptTrail;
    traceHeaders: Record<string, string>;
  },
): Promise<EmbeddingsResponse> {
  const provider = gateway.providerFor(target.settings.type);
  if (!provider.embeddingsRequest || !provider.embeddingsResponse) {
    throw new GatewayError(
      'invalid_request',
      `The provider "${target.settings.name}" has no embeddings API.`,
      {
        param: 'model',
      },
    );
  }
  const apiKey = gateway.keyRings.pick(target.settings.name, target.settings.apiKeys);
  const built = provider.embeddingsRequest(request, target.settings, apiKey);
  Object.assign(built.headers, options.traceHeaders);
  const control = new AttemptControl(options.cancellation, options.deadline);
  try {
    const upstream = await authorized(gateway.authorizers, target.settings, built, control.signal);
    const response = await sendWhole(upstream, {
      dispatcher: gateway.dispatchers.for(target.settings.name, upstream.url),
      signal: control.signal,
      // The answer arrives whole: only the request's deadline bounds it (as for non-streaming chat).
      headersTimeoutMs: Math.max(1, options.deadline - Date.now()),
      idleTimeoutMs: target.timeouts.idleMs,
    });
    noteQuota(gateway, target, response.status, rawRateLimitLookup(response.rawHeaders));
    const text = response.body.toString('utf8');
    options.attempt.status = response.status;
    if (response.status >= 400) {
      throw upstreamFailure(
        provider,
        response.status,
        headersOf(response.rawHeaders),
        text,
        target.settings,
        apiKey,
        gateway,
      );
    }
    try {
      const parsed: unknown = JSON.parse(text);
      const embeddings = provider.embeddingsResponse(parsed);
      options.attempt.answer = {
        kind: 'embeddings',
        inputTokens: embeddings.inputTokens,
        reported: embeddings.reported,
      };
      return embeddings;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new GatewayError('upstream_error', 'The upstream answered with invalid embeddings JSON.', {
        cause: error,
      });
    }
  } finally {
    control.finish();
  }
}
