// POST /v1/embeddings (OpenAI dialect): always ask the upstream for floats and encode base64
// here when the client asked for it, so a server that ignores encoding_format cannot hand the
// SDK bytes it would silently mis-decode.

import { resolveModel } from '../../config/resolve-model.js';
import { authenticateData } from '../authenticate.js';
import { embedAttempt } from '../embed-attempt.js';
import { notePrincipal } from '../start-trail.js';
import type { RequestTrail } from '../../telemetry/request-trail.js';
import { admitted } from '../admitted.js';
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
  // Read before a slot is taken: a client trickling its body holds none of `maxInFlight`.
  const body = await readJsonBody(exchange.request, config.server.bodyLimit);
  await admitted(exchange, gateway, () => answerEmbeddings(exchange, gateway, trail, config, body));
}

/** The rest of an embeddings request, once it holds a slot. */
async function answerEmbeddings(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  config: Gateway['configs']['current'],
  body: unknown,
): Promise<void> {
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
      embedAttempt(
        gateway,
        target,
        { ...request, model: target.upstreamModel },
        { ...context, attempt: context.trail },
      ),
  );
  exchange.sendJson(200, JSON.stringify(toOpenAIEmbeddings(result, request.model, encoding)), headers);
}
