// POST /v1/embeddings (OpenAI dialect): always ask the upstream for floats and encode base64
// here when the client asked for it, so a server that ignores encoding_format cannot hand the
// SDK bytes it would silently mis-decode.

import { resolveModel } from '../../config/resolve-model.js';
import { GatewayError } from '../../errors.js';
import { authorized } from '../../upstream/auth/authorizer.js';
import { headersOf, sendWhole } from '../../upstream/send-whole.js';
import { rawRateLimitLookup } from '../../upstream/rate-limit-lookup.js';
import { noteQuota } from '../../pipeline/chat-attempt.js';
import { upstreamFailure } from '../../pipeline/upstream-failure.js';
import { AttemptControl } from '../../pipeline/attempt-control.js';
import type { ChatTarget } from '../../pipeline/chat-types.js';
import type { Cancellation, EmbeddingsRequest, EmbeddingsResponse } from '../../core/index.js';
import { authenticateData } from '../authenticate.js';
import { notePrincipal } from '../start-trail.js';
import type { AttemptTrail, RequestTrail } from '../../telemetry/request-trail.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { modelNotFound } from '../model-not-found.js';
import { parseEmbeddingsBody, toOpenAIEmbeddings } from '../openai/embeddings.js';
import { readJsonBody } from '../read-body.js';
import { runRoute } from '../run-route.js';

export async function handleEmbeddings(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
): Promise<void> {
  const config = gateway.configs.current;
  notePrincipal(trail, await authenticateData(exchange.request, gateway));
  trail.configVersion = gateway.configs.version;
  const body = await readJsonBody(exchange.request, config.server.bodyLimit);
  const { request, encoding } = parseEmbeddingsBody(body);
  const route = resolveModel(config, request.model, 'embeddings');
  trail.model = request.model;
  trail.body = body;
  trail.route = route?.alias ?? null;
  if (!route) throw modelNotFound(config, request.model, 'embeddings');
  const { result, headers } = await runRoute(
    exchange,
    gateway,
    trail,
    route,
    'embeddings',
    (target, context) =>
      embed(
        gateway,
        target,
        { ...request, model: target.upstreamModel },
        { ...context, attempt: context.trail },
      ),
  );
  exchange.sendJson(200, JSON.stringify(toOpenAIEmbeddings(result, request.model, encoding)), headers);
}

async function embed(
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
