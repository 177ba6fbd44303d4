// `POST /v1/messages/count_tokens`: the input tokens a Messages request would take, without a
// model answering it (the Anthropic SDK's `messages.countTokens`; Claude Code and LangChain call
// it). When the model's first target is an Anthropic deployment, the count is Anthropic's own:
// the body goes there with the upstream model's id. Otherwise no provider can count it, and the
// gateway's tokenizer (o200k_base) estimates it, saying so in `x-switchyard-token-count`; so
// does a route with input guardrails, whose prompts reach a provider only once checked.
// Counting is free upstream and here: nothing is recorded, charged or cached.
// @see https://docs.anthropic.com/en/api/messages-count-tokens

import { withPrincipalGuardrails } from '../../config/principal-guardrails.js';
import { resolveModel } from '../../config/resolve-model.js';
import { isRecord } from '../../core/is-record.js';
import { GatewayError } from '../../errors.js';
import { toAnthropicRequest } from '../../providers/anthropic/request.js';
import { authorized } from '../../upstream/auth/authorizer.js';
import { RequestSignal } from '../../upstream/abort-signal.js';
import { headersOf, sendWhole } from '../../upstream/send-whole.js';
import { estimateTokens, promptText } from '../../telemetry/estimate-usage.js';
import { anonymousPrincipal, authenticateData } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { modelNotFound } from '../model-not-found.js';
import { readJsonBody } from '../read-body.js';
import { invalidRequest } from '../validation-error.js';

/** The header that tells where a count came from: `anthropic`, or `estimated` by the gateway. */
export const tokenCountHeader = 'x-switchyard-token-count';

export async function handleCountTokens(exchange: Exchange, gateway: Gateway, method: string): Promise<void> {
  if (method !== 'POST') throw new GatewayError('method_not_allowed', 'Use POST on this route.');
  const principal = await authenticateData(exchange.request, gateway);
  const config = gateway.configs.current;
  const body = await readJsonBody(exchange.request, config.server.bodyLimit);
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
    const tokens = await estimateTokens(promptText(body, 'anthropic', 'chat'));
    exchange.sendJson(200, JSON.stringify({ input_tokens: tokens }), { [tokenCountHeader]: 'estimated' });
    return;
  }
  const built = toAnthropicRequest({
    model: target.upstreamModel,
    stream: false,
    payload: {
      kind: 'native',
      body,
      headers: gateway.edges.anthropic.forwardHeaders(exchange.request.headers),
    },
    settings: target.settings,
    apiKey: gateway.keyRings.pick(target.settings.name, target.settings.apiKeys),
  });
  built.url = `${built.url}/count_tokens`;
  const signal = new RequestSignal();
  const unsubscribe = exchange.onCancel(() => signal.abort());
  const timeoutMs = route.timeouts.totalMs;
  const timer = setTimeout(
    () => signal.abort(new GatewayError('upstream_timeout', 'The token count ran past its total timeout.')),
    timeoutMs,
  );
  try {
    const pending = authorized(gateway.authorizers, target.settings, built, signal);
    const upstream = pending instanceof Promise ? await pending : pending;
    const answer = await sendWhole(upstream, {
      dispatcher: gateway.dispatchers.for(target.settings.name, upstream.url),
      signal,
      headersTimeoutMs: timeoutMs,
      idleTimeoutMs: route.timeouts.idleMs,
    });
    const text = answer.body.toString('utf8');
    if (answer.status !== 200) {
      throw gateway.providerFor('anthropic').error(answer.status, headersOf(answer.rawHeaders), text);
    }
    const counted = readCount(text);
    exchange.sendJson(200, JSON.stringify({ input_tokens: counted }), { [tokenCountHeader]: 'anthropic' });
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
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
