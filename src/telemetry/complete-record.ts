// Turns a finished request's trail into its RequestRecord, after the response went out: reads the
// usage from the answer (or estimates it with a tokenizer), prices it from the catalog, and keeps
// the bodies the route's policy allows. Credentials never reach the record: the trail holds no
// headers, and the deployment's own keys are scrubbed from any error text kept.

import type { ChatResponse, Usage } from '../core/index.js';
import type { AttemptTrail, RequestTrail } from './request-trail.js';
import type {
  AttemptRecord,
  BodyPolicy,
  CostRecord,
  RecordOutcome,
  RequestRecord,
  UsageRecord,
} from './request-record.js';
import { summarizePrompt, summarizeResponse } from './body-summary.js';
import { redactText, scrubSecrets } from './redact-text.js';
import { estimateTokens, promptText, reportedUsage, type PromptText } from './estimate-usage.js';
import { priceUsage } from './price-usage.js';

export interface CompletionOptions {
  bodyPolicy: BodyPolicy;
  /** Longest prompt or response text kept, in characters; longer ones are cut with a marker. */
  maxBodyCharacters: number;
  catalogVersion: string;
  /** Exact values to scrub from kept text: every upstream credential of the config. */
  secrets: readonly string[];
  /** Counts tokens for estimates; default: in this thread (records.ts passes a worker thread). */
  countTokens?: (input: string | PromptText) => Promise<number>;
}

interface AnswerFacts {
  usage: Usage | undefined;
  /** Reported as the answer began (a stream's start event), standing in when `usage` never came. */
  startUsage?: Usage | undefined;
  responseModel: string | null;
  finishReason: RequestRecord['finishReason'];
  /** The answer's text for the body policy and for estimates. */
  text: string;
  toolCalls: string[];
  failure: RequestTrail['error'];
  complete: boolean;
}

export async function completeRecord(
  trail: RequestTrail,
  options: CompletionOptions,
): Promise<RequestRecord> {
  const served = trail.served;
  const facts = answerFacts(served);
  const usage = await usageRecord(trail, served, facts, options.countTokens ?? estimateTokens);
  const target = served?.target ?? trail.attempts.at(-1)?.target;
  const cost: CostRecord = priceUsage(usage, target?.catalogEntry, options.catalogVersion);
  const failure = trail.error ?? facts.failure;
  const outcome: RecordOutcome = trail.cancelled ? 'cancelled' : failure !== undefined ? 'error' : 'ok';
  const keep = (text: string | undefined): string | null => keptText(text, options);
  const principal = trail.principal;
  return {
    id: trail.requestId,
    traceId: trail.trace.traceId,
    spanId: trail.trace.spanId,
    parentSpanId: trail.trace.parentSpanId,
    organizationId: principal?.organizationId ?? 'default',
    teamId: principal?.teamId ?? null,
    projectId: principal?.projectId ?? null,
    keyId: principal?.keyId ?? null,
    sessionId: trail.sessionId,
    workflowId: trail.workflowId,
    receivedAt: trail.receivedAt,
    firstTokenAt: trail.firstTokenAt,
    doneAt: trail.doneAt,
    operation: trail.operation,
    dialect: trail.dialect,
    stream: trail.stream,
    model: trail.model,
    route: trail.route,
    configVersion: trail.configVersion,
    provider: target?.settings.name ?? null,
    providerType: target?.settings.type ?? null,
    upstreamModel: target?.upstreamModel ?? null,
    responseModel: facts.responseModel,
    status: trail.status,
    outcome,
    errorCode: failure?.code ?? null,
    errorMessage: failure === undefined ? null : keep(failure.message),
    finishReason: facts.finishReason,
    cache: 'none',
    guardrails: [],
    usage,
    cost,
    bodyPolicy: options.bodyPolicy,
    prompt: promptBody(trail, options),
    response: responseBody(served, facts, options),
    attempts: trail.attempts.map((attempt) => attemptRecord(attempt, trail, keep)),
  };
}

function answerFacts(served: AttemptTrail | undefined): AnswerFacts {
  const answer = served?.answer;
  const empty: AnswerFacts = {
    usage: undefined,
    responseModel: null,
    finishReason: null,
    text: '',
    toolCalls: [],
    failure: undefined,
    complete: false,
  };
  if (answer === undefined) return empty;
  switch (answer.kind) {
    case 'upstream-json': {
      let response: ChatResponse;
      try {
        response = answer.provider.chatResponse(JSON.parse(answer.text));
      } catch {
        return { ...empty, text: answer.text, complete: true };
      }
      return fromResponse(response);
    }
    case 'canonical':
      return fromResponse(answer.response);
    case 'embeddings':
      return {
        ...empty,
        // Without the upstream's own figures the count is estimated (Gemini batch, Cohere report none).
        usage:
          answer.reported === undefined || answer.inputTokens === undefined
            ? undefined
            : {
                inputTokens: answer.inputTokens,
                outputTokens: 0,
                cacheReadTokens: 0,
                cacheWriteTokens: 0,
                reported: answer.reported,
              },
        complete: true,
      };
    case 'stream': {
      const observer = answer.observer;
      return {
        usage: observer.usage,
        startUsage: observer.startUsage,
        responseModel: observer.responseModel ?? null,
        finishReason: observer.finishReason ?? null,
        text: observer.text(),
        toolCalls: observer.toolNames,
        failure: observer.failure,
        complete: observer.completed,
      };
    }
  }
}

function fromResponse(response: ChatResponse): AnswerFacts {
  let text = '';
  const toolCalls: string[] = [];
  for (const part of response.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push(part.name);
      text += part.arguments;
    }
  }
  return {
    usage: response.usage,
    responseModel: response.model || null,
    finishReason: response.finishReason,
    text: text || JSON.stringify(response.content),
    toolCalls,
    failure: undefined,
    complete: true,
  };
}

async function usageRecord(
  trail: RequestTrail,
  served: AttemptTrail | undefined,
  facts: AnswerFacts,
  countTokens: (input: string | PromptText) => Promise<number>,
): Promise<UsageRecord> {
  // Adapters set `reported` only when the upstream sent usage: zeros without it are not "free".
  const reported = reportedUsage(facts.usage);
  if (reported !== undefined) return reported;
  // Nothing reached a model: nothing was spent.
  if (
    served === undefined &&
    trail.attempts.every((attempt) => attempt.status === null || attempt.status >= 400)
  ) {
    return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'none' };
  }
  // A stream cut after its start reported the input (Anthropic's message_start) but before the
  // final counts: the provider's input figures stand, only the output is counted locally.
  const started = reportedUsage(facts.startUsage);
  if (started !== undefined) {
    const counted = facts.text === '' ? 0 : await countTokens(facts.text);
    return { ...started, outputTokens: Math.max(started.outputTokens, counted), source: 'estimated' };
  }
  // An answer without usage, or a stream cut before its usage report: count locally.
  const [inputTokens, outputTokens] = await Promise.all([
    countTokens(promptText(trail.body, trail.dialect, trail.operation)),
    facts.text === '' ? 0 : countTokens(facts.text),
  ]);
  return { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'estimated' };
}

function attemptRecord(
  attempt: AttemptTrail,
  trail: RequestTrail,
  keep: (text: string | undefined) => string | null,
): AttemptRecord {
  const endedAt = attempt.endedAt === 0 ? trail.doneAt : attempt.endedAt;
  let outcome = attempt.outcome;
  let error = attempt.error;
  // A committed stream's attempt ends with the stream: cut by the client, failed, or complete.
  if (attempt.answer?.kind === 'stream') {
    error = attempt.answer.observer.failure;
    outcome = trail.cancelled ? 'cancelled' : error !== undefined ? 'error' : 'ok';
  }
  return {
    number: attempt.number,
    provider: attempt.target.settings.name,
    providerType: attempt.target.settings.type,
    upstreamModel: attempt.target.upstreamModel,
    startedAt: attempt.startedAt,
    durationMs: Math.max(0, endedAt - attempt.startedAt),
    firstTokenMs: attempt.firstTokenAt === null ? null : attempt.firstTokenAt - attempt.startedAt,
    status: attempt.status,
    outcome,
    errorCode: error?.code ?? null,
    errorMessage: error === undefined ? null : keep(error.message),
    spanId: attempt.spanId,
  };
}

function promptBody(trail: RequestTrail, options: CompletionOptions): string | null {
  switch (options.bodyPolicy) {
    case 'off':
      return null;
    case 'metadata':
      return JSON.stringify(summarizePrompt(trail.body, trail.dialect, trail.operation, trail.requestBytes));
    case 'redacted':
    case 'full':
      return keptText(safeJson(trail.body), options);
  }
}

function responseBody(
  served: AttemptTrail | undefined,
  facts: AnswerFacts,
  options: CompletionOptions,
): string | null {
  if (served === undefined) return null;
  switch (options.bodyPolicy) {
    case 'off':
      return null;
    case 'metadata':
      return JSON.stringify(summarizeResponse(facts.text.length, facts.toolCalls));
    case 'redacted':
    case 'full':
      return keptText(served.answer?.kind === 'upstream-json' ? served.answer.text : facts.text, options);
  }
}

/** Text kept under the policy: nothing for off/metadata, masked for redacted, cut to size, scrubbed. */
function keptText(text: string | undefined, options: CompletionOptions): string | null {
  if (text === undefined) return null;
  if (options.bodyPolicy === 'off' || options.bodyPolicy === 'metadata') return null;
  let kept = scrubSecrets(text, options.secrets);
  if (options.bodyPolicy === 'redacted') kept = redactText(kept);
  if (kept.length > options.maxBodyCharacters) {
    kept = `${kept.slice(0, options.maxBodyCharacters)}…[truncated ${kept.length - options.maxBodyCharacters} characters]`;
  }
  return kept;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
