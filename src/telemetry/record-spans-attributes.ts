// Span attributes for a finished request and its attempts, after the OpenTelemetry GenAI semantic
// conventions plus switchyard.* ones. Never the prompt, the response, error messages (they may
// echo the prompt) or credentials: only ids, names, counts and codes.
// @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/

import type { Attributes } from '@opentelemetry/api';
import { genAiProviderName } from './genai-provider-name.js';
import type { AttemptRecord, RequestRecord } from './request-record.js';

/** Where a deployment's upstream lives, for server.address / server.port. */
export interface ServerAddress {
  address: string;
  port?: number;
}

/** Client-chosen strings (the model, session and workflow ids) are cut to this many characters. */
const maxClientStringLength = 256;

function clientString(value: string): string {
  return value.length > maxClientStringLength ? value.slice(0, maxClientStringLength) : value;
}

/** The attributes of the request's own span (kind SERVER). */
export function requestAttributes(record: RequestRecord): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': record.operation,
    'gen_ai.request.model': clientString(record.model),
    'gen_ai.request.stream': record.stream,
    'http.response.status_code': record.status,
    'switchyard.request.id': record.id,
    'switchyard.route': record.route ?? 'unmatched',
    'switchyard.config.version': record.configVersion,
    'switchyard.dialect': record.dialect,
    'switchyard.outcome': record.outcome,
    'switchyard.cache': record.cache,
    'switchyard.attempts': record.attempts.length,
    'switchyard.organization.id': record.organizationId,
  };
  if (record.providerType !== null)
    attributes['gen_ai.provider.name'] = genAiProviderName(record.providerType);
  if (record.provider !== null) attributes['switchyard.provider'] = record.provider;
  if (record.sessionId !== null) attributes['gen_ai.conversation.id'] = clientString(record.sessionId);
  if (record.workflowId !== null) attributes['switchyard.workflow.id'] = clientString(record.workflowId);
  if (record.keyId !== null) attributes['switchyard.key.id'] = record.keyId;
  if (record.teamId !== null) attributes['switchyard.team.id'] = record.teamId;
  if (record.projectId !== null) attributes['switchyard.project.id'] = record.projectId;
  if (record.outcome === 'error') attributes['error.type'] = record.errorCode ?? '_OTHER';
  addAnswer(attributes, record);
  addCost(attributes, record);
  return attributes;
}

/** The attributes of one attempt's span (kind CLIENT); `served`: this attempt gave the answer. */
export function attemptAttributes(
  record: RequestRecord,
  attempt: AttemptRecord,
  served: boolean,
  server: ServerAddress | undefined,
): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': record.operation,
    'gen_ai.provider.name': genAiProviderName(attempt.providerType),
    'gen_ai.request.model': attempt.upstreamModel,
    'gen_ai.request.stream': record.stream,
    'switchyard.request.id': record.id,
    'switchyard.attempt.number': attempt.number,
    'switchyard.provider': attempt.provider,
    'switchyard.outcome': attempt.outcome,
  };
  if (attempt.status !== null) attributes['http.response.status_code'] = attempt.status;
  if (attempt.outcome === 'error') attributes['error.type'] = attemptErrorType(attempt);
  if (attempt.firstTokenMs !== null)
    attributes['gen_ai.response.time_to_first_chunk'] = attempt.firstTokenMs / 1000;
  if (server !== undefined) {
    attributes['server.address'] = server.address;
    if (server.port !== undefined) attributes['server.port'] = server.port;
  }
  if (served) addAnswer(attributes, record);
  return attributes;
}

/** A stable, low-cardinality code: ours, else the upstream's HTTP status, else `_OTHER`. */
export function attemptErrorType(attempt: AttemptRecord): string {
  return attempt.errorCode ?? (attempt.status !== null ? String(attempt.status) : '_OTHER');
}

/** What the answer said: the model that answered, why it stopped, and the tokens. */
function addAnswer(attributes: Attributes, record: RequestRecord): void {
  if (record.responseModel !== null) attributes['gen_ai.response.model'] = record.responseModel;
  if (record.finishReason !== null) attributes['gen_ai.response.finish_reasons'] = [record.finishReason];
  const usage = record.usage;
  if (usage.source === 'none') return;
  attributes['gen_ai.usage.input_tokens'] = usage.inputTokens;
  attributes['gen_ai.usage.output_tokens'] = usage.outputTokens;
  if (usage.cacheReadTokens > 0) attributes['gen_ai.usage.cache_read.input_tokens'] = usage.cacheReadTokens;
  if (usage.cacheWriteTokens > 0)
    attributes['gen_ai.usage.cache_creation.input_tokens'] = usage.cacheWriteTokens;
  if (usage.reasoningTokens !== undefined)
    attributes['gen_ai.usage.reasoning.output_tokens'] = usage.reasoningTokens;
  attributes['switchyard.usage.source'] = usage.source;
}

function addCost(attributes: Attributes, record: RequestRecord): void {
  const cost = record.cost;
  if (cost.usd !== null) attributes['switchyard.cost.usd'] = cost.usd;
  else {
    // Some token class had no price: say so, with the priced part as a lower bound.
    attributes['switchyard.cost.known_usd'] = cost.knownUsd;
    attributes['switchyard.cost.unpriced'] = cost.unknown;
  }
}
