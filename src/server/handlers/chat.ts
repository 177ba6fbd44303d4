// POST /v1/chat/completions and POST /v1/messages: authenticate, read and validate the body in the
// client's dialect, resolve the model to targets, run the attempts, answer as JSON or a stream.

import { warningHeader } from '../../catalog/apply-model-rules.js';
import { resolveModel } from '../../config/resolve-model.js';
import { attemptChat } from '../../pipeline/chat-attempt.js';
import type { ChatCall } from '../../pipeline/chat-types.js';
import { attemptDeadline } from '../../routing/attempt-deadline.js';
import { hedgePolicy } from '../../routing/hedge-policy.js';
import { withRetries } from '../../routing/with-retries.js';
import { authenticateData } from '../authenticate.js';
import { notePrincipal, noteWinner, trackAttempt } from '../start-trail.js';
import type { RequestTrail } from '../../telemetry/request-trail.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { modelNotFound } from '../model-not-found.js';
import { readJsonBody } from '../read-body.js';
import { budgetLeftHeader, planAttempts } from '../plan-attempts.js';
import { routingHeaders } from '../routing-headers.js';
import { writeStream } from '../write-stream.js';

export async function handleChat(exchange: Exchange, gateway: Gateway, trail: RequestTrail): Promise<void> {
  const config = gateway.configs.current;
  notePrincipal(trail, await authenticateData(exchange.request, gateway));
  trail.configVersion = gateway.configs.version;
  const edge = gateway.edges[exchange.dialect];
  const parsed = edge.parseChat(await readJsonBody(exchange.request, config.server.bodyLimit));
  const route = resolveModel(config, parsed.model, 'chat');
  trail.model = parsed.model;
  trail.stream = parsed.stream;
  trail.body = parsed.body;
  trail.route = route?.alias ?? null;
  if (!route) throw modelNotFound(config, parsed.model, 'chat');

  const call: ChatCall = {
    codec: edge,
    model: parsed.model,
    body: parsed.body,
    forwardHeaders: edge.forwardHeaders(exchange.request.headers),
    canonical: parsed.canonical,
    stream: parsed.stream,
    includeUsage: parsed.includeUsage,
    requestId: exchange.requestId,
  };
  // The model's totalMs (or the client's budget) bounds the whole request, retries and fallbacks
  // included; each attempt is also bounded by its own target's totalMs, so a hung target leaves
  // time for the next one.
  const plan = planAttempts(exchange, gateway, route, trail);
  const { deadline, targets } = plan;
  const outcome = await withRetries(
    targets,
    config.defaults.retry,
    deadline,
    exchange,
    ({ target, number, cancellation }) =>
      trackAttempt(trail, cancellation, target, number, (attempt, traceHeaders) =>
        attemptChat(
          call,
          target,
          {
            number,
            cancellation,
            deadline: attemptDeadline(deadline, target),
            trail: attempt,
            traceHeaders,
          },
          gateway,
        ),
      ),
    gateway.targetHealth,
    hedgePolicy(route, gateway.deploymentStats),
  );
  noteWinner(trail, outcome.number);
  const result = outcome.result;
  const headers = { ...routingHeaders(targets, outcome), ...plan.headers, ...budgetLeftHeader(plan) };
  if (result.kind === 'stream') trail.firstTokenAt = Date.now();
  if (result.warning !== undefined) headers[warningHeader] = result.warning;
  if (result.kind === 'json') exchange.sendJson(200, result.body, headers);
  else await writeStream(exchange, result, headers);
}
