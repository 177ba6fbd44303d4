// `POST /v1/messages/count_tokens`: the input tokens a Messages request would take, without a
// model answering it (the Anthropic SDK's `messages.countTokens`; Claude Code and LangChain call
// it). When the model's first target is an Anthropic deployment, the count is Anthropic's own:
// the body goes there with the upstream model's id. Otherwise no provider can count it, and the
// gateway's tokenizer (o200k_base) estimates it, saying so in `x-switchyard-token-count`; so
// does a route with input guardrails, whose prompts reach a provider only once checked.
// Counting is free upstream and here: nothing is recorded, charged or cached. It is still work:
// it passes admission control (a slot of server.maxInFlight) like the other data endpoints.
// @see https://docs.anthropic.com/en/api/messages-count-tokens

import { withPrincipalGuardrails } from '../../config/principal-guardrails.js';
import { resolveModel } from '../../config/resolve-model.js';
import { isRecord } from '../../core/is-record.js';
import { GatewayError } from '../../errors.js';
import { toAnthropicRequest } from '../../providers/anthropic/request.js';
import { sendWholeAttempt } from '../../pipeline/send-whole-attempt.js';
import type { Principal } from '../../auth/principal.js';
import { promptText } from '../../telemetry/estimate-usage.js';
import { anonymousPrincipal, authenticateData } from '../authenticate.js';
import { admitted } from '../admitted.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { modelNotFound } from '../model-not-found.js';
import { readJsonBody } from '../read-body.js';
import { invalidRequest } from '../validation-error.js';

/** The header that tells where a count came from: `anthropic`, or `estimated` by the gateway. */
export const tokenCountHeader = 'x-switchyard-token-count';

export async function handleCountTokens(exchange: Exchange, gateway: Gateway): Promise<void> {
  const principal = await authenticateData(exchange.request, gateway);
  const config = gateway.configs.current;
  // Read before a slot is taken: a client trickling its body holds none of `maxInFlight`.
  const body = await readJsonBody(exchange.request, config.server.bodyLimit);
  await admitted(exchange, gateway, () => answerCount(exchange, gateway, config, principal, body));
}

/** The rest of a count, once it holds a slot. */
async function answerCount(
  exchange: Exchange,
  gateway: Gateway,
  config: Gateway['configs']['current'],
  principal: Principal,
  body: unknown,
): Promise<void> {
  if (!isRecord(body)) throw invalidRequest([], 'The request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model === '') throw invalidRequest(['model'], 'is required.');
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalidRequest(['messages'], 'must be a non-empty array.');
  }
  const resolved = resolveModel(config, body.model, 'chat');
  if (!resolved) throw modelNotFound(config, body.model, 'chat');
  const route = withPrincipalGuardrails(config, resolved, {
    keyId: principal === anonymousPrincipal ? null : principal.keyId,
    teamId: principal.scope.teamId,
  });
  const target = route.targets[0];
  // A route with input guardrails never sends a prompt the checks have not seen: counted here.
  if (target === undefined || target.settings.type !== 'anthropic' || route.inputChecks.length > 0) {
    // In the token-counting thread: a long prompt would hold the event loop for the whole count.
    const tokens = await gateway.records.countTokens(promptText(body, 'anthropic', 'chat'));
    exchange.sendJson(200, JSON.stringify({ input_tokens: tokens }), { [tokenCountHeader]: 'estimated' });
    return;
  }
  const apiKey = gateway.keyRings.pick(target.settings.name, target.settings.apiKeys);
  const built = toAnthropicRequest({
    model: target.upstreamModel,
    stream: false,
    payload: {
      kind: 'native',
      body,
      headers: gateway.edges.anthropic.forwardHeaders(exchange.request.headers),
    },
    settings: target.settings,
    apiKey,
  });
  built.url = `${built.url}/count_tokens`;
  // Anthropic limits counts apart from messages: its answer says nothing of the deployment's quota.
  const text = await sendWholeAttempt(
    built,
    {
      provider: gateway.providerFor('anthropic'),
      target,
      apiKey,
      cancellation: exchange,
      deadline: Date.now() + route.timeouts.totalMs,
    },
    gateway,
  );
  const counted = readCount(text);
  exchange.sendJson(200, JSON.stringify({ input_tokens: counted }), { [tokenCountHeader]: 'anthropic' });
}

/** `{"input_tokens": n}`, checked: anything else is the upstream's failure. */
function readCount(text: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const tokens = isRecord(parsed) ? parsed.input_tokens : undefined;
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0) {
    throw new GatewayError('upstream_error', 'The provider answered the token count with something else.');
  }
  return tokens;
}
