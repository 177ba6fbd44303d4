// Applies a target model's rules to what is about to be sent: refuses a max_tokens above the
// model's limit, renames or drops parameters the model rejects, and says what it changed in one
// short warning (the x-switchyard-warning header). Works on the client's own body (same dialect)
// and on canonical requests. Pure: never mutates its input, no I/O.

import type { ChatRequest } from '../core/index.js';
import { GatewayError } from '../errors.js';
import type { ChatPayload } from '../providers/provider.js';
import { toThinkingBudget } from '../providers/reasoning-effort.js';
import type { ModelRules, ThinkingRule } from './model-rules.js';

/** The response header that lists what the gateway changed, comma-separated. */
export const warningHeader = 'x-switchyard-warning';

export interface RuledPayload {
  payload: ChatPayload;
  /** Short messages joined by ', ', or undefined when nothing changed. */
  warning: string | undefined;
}

/** Wire parameter names -> the canonical field that carries them. */
const canonicalFields: Record<string, keyof ChatRequest> = {
  temperature: 'temperature',
  top_p: 'topP',
  top_k: 'topK',
  stop: 'stop',
  stop_sequences: 'stop',
  parallel_tool_calls: 'parallelToolCalls',
  reasoning_effort: 'reasoningEffort',
};

/** Throws GatewayError 'invalid_request' when the request asks for more output than the model gives. */
export function applyModelRules(payload: ChatPayload, rules: ModelRules): RuledPayload {
  if (rules.limitOnly) {
    // The common case (most models only have a limit): no copies, no warning list.
    if (payload.kind === 'native') {
      const limit = outputLimit(rules, payload.headers);
      checkLimit(payload.body.max_completion_tokens, 'max_completion_tokens', limit, rules.id);
      checkLimit(payload.body.max_tokens, 'max_tokens', limit, rules.id);
    } else checkCanonicalLimit(payload.request, rules);
    return { payload, warning: undefined };
  }
  const warnings: string[] = [];
  if (payload.kind === 'native') {
    const body = applyToBody(payload.body, payload.headers, rules, warnings);
    return {
      payload: body === payload.body ? payload : { ...payload, body },
      warning: joined(warnings),
    };
  }
  const request = applyToCanonical(payload.request, rules, warnings);
  return {
    payload: request === payload.request ? payload : { kind: 'canonical', request },
    warning: joined(warnings),
  };
}

function applyToBody(
  body: Record<string, unknown>,
  headers: Record<string, string>,
  rules: ModelRules,
  warnings: string[],
): Record<string, unknown> {
  const limit = outputLimit(rules, headers);
  for (const name of ['max_completion_tokens', 'max_tokens']) checkLimit(body[name], name, limit, rules.id);
  let result = body;
  const edit = (): Record<string, unknown> => (result === body ? (result = { ...body }) : result);
  for (const [from, to] of rules.rename) {
    const value = result[from];
    if (value === undefined) continue;
    delete edit()[from];
    if (value === null) continue;
    if (result[to] !== undefined && result[to] !== null) {
      warnings.push(`dropped ${from}: ${rules.id} takes ${to}, which is also set`);
    } else {
      edit()[to] = value;
      warnings.push(`renamed ${from} to ${to}: required by ${rules.id}`);
    }
  }
  for (const name of rules.drop) {
    const value = result[name];
    if (value === undefined) continue;
    delete edit()[name];
    if (value !== null) warnings.push(`dropped ${name}: not supported by ${rules.id}`);
  }
  if (rules.whenThinking.length > 0 && thinkingIn(result)) {
    for (const [name, rule] of rules.whenThinking) {
      const value = result[name];
      if (value === undefined || value === null || allowed(value, rule)) continue;
      delete edit()[name];
      warnings.push(thinkingWarning(name, rule, rules.id));
    }
  }
  return result;
}

function checkCanonicalLimit(request: ChatRequest, rules: ModelRules): void {
  checkLimit(request.maxTokens, request.maxTokensParam ?? 'max_tokens', rules.maxOutputTokens, rules.id);
}

function applyToCanonical(request: ChatRequest, rules: ModelRules, warnings: string[]): ChatRequest {
  checkCanonicalLimit(request, rules);
  // Renames are the provider translator's business: canonical fields have one name.
  let result = request;
  const drop = (name: string, message: string): void => {
    const field = canonicalFields[name];
    if (field === undefined || result[field] === undefined) return;
    const copy: Partial<ChatRequest> = { ...result };
    delete copy[field];
    result = copy as ChatRequest;
    warnings.push(message);
  };
  for (const name of rules.drop) drop(name, `dropped ${name}: not supported by ${rules.id}`);
  // Thinking asked as an OpenAI effort level becomes a budget on the way to Anthropic models.
  const thinking =
    request.reasoningBudget ??
    (request.reasoningEffort === undefined ? undefined : toThinkingBudget(request.reasoningEffort));
  if (rules.whenThinking.length > 0 && thinking !== undefined) {
    for (const [name, rule] of rules.whenThinking) {
      const field = canonicalFields[name];
      if (field !== undefined && !allowed(result[field], rule)) {
        drop(name, thinkingWarning(name, rule, rules.id));
      }
    }
  }
  return result;
}

/**
 * Claude 3.7 Sonnet writes up to 128k tokens when the client sends the output-128k beta header.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#extended-output-capabilities-beta
 */
function outputLimit(rules: ModelRules, headers: Record<string, string>): number | undefined {
  const beta = headers['anthropic-beta'];
  if (rules.maxOutputTokens !== undefined && beta !== undefined && beta.includes('output-128k')) {
    return Math.max(rules.maxOutputTokens, 128_000);
  }
  return rules.maxOutputTokens;
}

function checkLimit(value: unknown, name: string, limit: number | undefined, id: string): void {
  if (limit === undefined || typeof value !== 'number' || value <= limit) return;
  throw new GatewayError(
    'invalid_request',
    `${name} is ${value}, but ${id} can produce at most ${limit} output tokens. Lower ${name} to ${limit} or less.`,
    { param: name },
  );
}

/**
 * Extended thinking is on when the Messages body asks for it (`enabled`, or `adaptive` on models
 * that decide themselves).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
function thinkingIn(body: Record<string, unknown>): boolean {
  const thinking = body.thinking;
  if (typeof thinking !== 'object' || thinking === null) return false;
  const type = (thinking as { type?: unknown }).type;
  return type === 'enabled' || type === 'adaptive';
}

function allowed(value: unknown, rule: ThinkingRule): boolean {
  if (value === undefined) return true;
  if (rule === 'drop') return false;
  return typeof value === 'number' && value >= rule.min && value <= rule.max;
}

function thinkingWarning(name: string, rule: ThinkingRule, id: string): string {
  if (rule === 'drop') return `dropped ${name}: not supported by ${id} with thinking`;
  const range = rule.min === rule.max ? `only ${rule.min}` : `${rule.min} to ${rule.max}`;
  return `dropped ${name}: ${id} with thinking takes ${range}`;
}

function joined(warnings: string[]): string | undefined {
  return warnings.length === 0 ? undefined : warnings.join(', ');
}
