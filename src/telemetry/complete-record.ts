// Turns a finished request's trail into its RequestRecord, after the response went out: reads the
// usage from the answer (or estimates it with a tokenizer), prices it from the catalog, and keeps
// the bodies the route's policy allows. Credentials never reach the record: the trail holds no
// headers, and the deployment's own keys are scrubbed from any error text kept.

import { billedApart, type AttemptTrail, type RequestTrail } from './request-trail.js';
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
import { answerFacts, type AnswerFacts } from './answer-facts.js';
import { answerUsage } from './answer-usage.js';
import { calledOffCosts, withCalledOff } from './called-off-cost.js';

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

export async function completeRecord(
  trail: RequestTrail,
  options: CompletionOptions,
): Promise<RequestRecord> {
  const served = trail.served;
  const facts = answerFacts(served);
  const countTokens = options.countTokens ?? estimateTokens;
  let prompt: Promise<number> | undefined;
  const promptTokens = (): Promise<number> =>
    (prompt ??= countTokens(promptText(trail.body, trail.dialect, trail.operation)));
  const [usage, calledOff] = await Promise.all([
    usageRecord(trail, served, facts, promptTokens, countTokens),
    calledOffCosts(trail, options.catalogVersion, promptTokens, countTokens),
  ]);
  const target = served?.target ?? trail.attempts.at(-1)?.target;
  const cost: CostRecord = withCalledOff(
    priceUsage(usage, target?.catalogEntry, options.catalogVersion),
    calledOff,
  );
  if (trail.cacheSaved !== undefined) cost.saved = trail.cacheSaved;
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
    cache: trail.cache,
    semantic: trail.semantic,
    guardrails: trail.guardrails,
    usage,
    cost,
    bodyPolicy: options.bodyPolicy,
    prompt: promptBody(trail, options),
    response: responseBody(served, facts, options),
    attempts: trail.attempts.map((attempt) => attemptRecord(attempt, trail, keep)),
    ...(trail.hold === undefined ? {} : { hold: trail.hold }),
  };
}

async function usageRecord(
  trail: RequestTrail,
  served: AttemptTrail | undefined,
  facts: AnswerFacts,
  promptTokens: () => Promise<number>,
  countTokens: (input: string | PromptText) => Promise<number>,
): Promise<UsageRecord> {
  // Nothing reached a model, or what did is priced apart (billedApart): nothing more was spent.
  if (
    reportedUsage(facts.usage) === undefined &&
    served === undefined &&
    trail.attempts.every(
      (attempt) => attempt.status === null || attempt.status >= 400 || billedApart(attempt, served),
    )
  ) {
    return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'none' };
  }
  return answerUsage(facts, promptTokens, countTokens);
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
  if (attempt.answer?.kind === 'stream' && !attempt.calledOff) {
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
