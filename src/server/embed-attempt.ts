// One attempt of an embeddings call against one target: the provider's request, sent whole, its
// answer parsed into the canonical EmbeddingsResponse, its usage noted on the attempt's trail.
// Used by POST /v1/embeddings and by the semantic cache's provider embedder (embed-through-route.ts).

import { GatewayError } from '../errors.js';
import { rawRateLimitLookup } from '../upstream/rate-limit-lookup.js';
import { noteQuota } from '../pipeline/chat-attempt.js';
import { sendWholeAttempt } from '../pipeline/send-whole-attempt.js';
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
  const text = await sendWholeAttempt(
    built,
    {
      provider,
      target,
      apiKey,
      cancellation: options.cancellation,
      deadline: options.deadline,
      answered: (response) => {
        noteQuota(gateway, target, response.status, rawRateLimitLookup(response.rawHeaders));
        options.attempt.status = response.status;
      },
    },
    gateway,
  );
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
}
