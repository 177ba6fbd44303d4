// The request log's tables as the SQL backends see them: column lists in schema order, a record
// turned into column values, rows turned back into a record. Dialect differences (timestamps,
// booleans, JSON) come in through a small codec. No SQL statements, no I/O.

import type {
  AttemptRecord,
  BodyPolicy,
  CacheVerdict,
  CostRecord,
  GuardrailVerdict,
  RecordOutcome,
  RequestRecord,
  SemanticNote,
  UsageRecord,
} from '../telemetry/request-record.js';

/** How a dialect writes and reads the values that differ between SQLite and Postgres. */
export interface RecordCodec {
  /** Epoch ms to a bound parameter (ISO text for SQLite, a Date for Postgres). */
  toTime(milliseconds: number): unknown;
  fromTime(value: unknown): number;
  toFlag(value: boolean): unknown;
  fromFlag(value: unknown): boolean;
  /** A column of JSON as the driver hands it back (text for SQLite, parsed for Postgres). */
  fromJson(value: unknown): unknown;
}

export const recordColumns = [
  'id',
  'trace_id',
  'span_id',
  'parent_span_id',
  'organization_id',
  'team_id',
  'project_id',
  'key_id',
  'session_id',
  'workflow_id',
  'received_at',
  'first_token_at',
  'done_at',
  'operation',
  'dialect',
  'stream',
  'model',
  'route',
  'config_version',
  'provider',
  'provider_type',
  'upstream_model',
  'response_model',
  'status',
  'outcome',
  'error_code',
  'finish_reason',
  'cache',
  'cost_usd',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'usage_source',
  'body_policy',
  'usage',
  'cost',
  'guardrails',
  'semantic',
] as const;

export const attemptColumns = [
  'request_id',
  'number',
  'provider',
  'provider_type',
  'upstream_model',
  'started_at',
  'duration_ms',
  'first_token_ms',
  'status',
  'outcome',
  'error_code',
  'error_message',
  'span_id',
] as const;

export const bodyColumns = ['request_id', 'prompt', 'response', 'error_message'] as const;

export type RecordRow = Record<(typeof recordColumns)[number], unknown>;
export type AttemptRow = Record<(typeof attemptColumns)[number], unknown>;
export type BodyRow = Record<(typeof bodyColumns)[number], unknown>;

/** The record's row values, in recordColumns order. */
export function recordValues(record: RequestRecord, codec: RecordCodec): unknown[] {
  const { usage, cost } = record;
  return [
    record.id,
    record.traceId,
    record.spanId,
    record.parentSpanId,
    record.organizationId,
    record.teamId,
    record.projectId,
    record.keyId,
    record.sessionId,
    record.workflowId,
    codec.toTime(record.receivedAt),
    record.firstTokenAt === null ? null : codec.toTime(record.firstTokenAt),
    codec.toTime(record.doneAt),
    record.operation,
    record.dialect,
    codec.toFlag(record.stream),
    record.model,
    record.route,
    record.configVersion,
    record.provider,
    record.providerType,
    record.upstreamModel,
    record.responseModel,
    record.status,
    record.outcome,
    record.errorCode,
    record.finishReason,
    record.cache,
    cost.usd,
    usage.inputTokens,
    usage.outputTokens,
    usage.cacheReadTokens,
    usage.cacheWriteTokens,
    usage.reasoningTokens ?? 0,
    usage.source,
    record.bodyPolicy,
    JSON.stringify(usage),
    JSON.stringify(cost),
    JSON.stringify(record.guardrails),
    // Falsy as well in a record spilled to disk before the field existed.
    record.semantic ? JSON.stringify(record.semantic) : null,
  ];
}

/** One attempt's row values, in attemptColumns order. */
export function attemptValues(requestId: string, attempt: AttemptRecord, codec: RecordCodec): unknown[] {
  return [
    requestId,
    attempt.number,
    attempt.provider,
    attempt.providerType,
    attempt.upstreamModel,
    codec.toTime(attempt.startedAt),
    attempt.durationMs,
    attempt.firstTokenMs,
    attempt.status,
    attempt.outcome,
    attempt.errorCode,
    attempt.errorMessage,
    attempt.spanId,
  ];
}

/** The body row's values, or undefined when the record keeps no body at all (no row is written). */
export function bodyValues(record: RequestRecord): unknown[] | undefined {
  if (record.prompt === null && record.response === null && record.errorMessage === null) return undefined;
  return [record.id, record.prompt, record.response, record.errorMessage];
}

function text(value: unknown): string {
  return value as string;
}

/** A nullable text column as the drivers hand it back (undefined when the column was not read). */
export function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : (value as string);
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function fromAttemptRow(row: AttemptRow, codec: RecordCodec): AttemptRecord {
  return {
    number: Number(row.number),
    provider: text(row.provider),
    providerType: text(row.provider_type),
    upstreamModel: text(row.upstream_model),
    startedAt: codec.fromTime(row.started_at),
    durationMs: Number(row.duration_ms),
    firstTokenMs: nullableNumber(row.first_token_ms),
    status: nullableNumber(row.status),
    outcome: text(row.outcome) as AttemptRecord['outcome'],
    errorCode: nullableText(row.error_code),
    errorMessage: nullableText(row.error_message),
    spanId: text(row.span_id),
  };
}

/** The record from its row, its attempts (in order) and its body row, if any. */
export function fromRecordRow(
  row: RecordRow,
  attempts: AttemptRecord[],
  body: BodyRow | undefined,
  codec: RecordCodec,
): RequestRecord {
  return {
    id: text(row.id),
    traceId: text(row.trace_id),
    spanId: text(row.span_id),
    parentSpanId: nullableText(row.parent_span_id),
    organizationId: text(row.organization_id),
    teamId: nullableText(row.team_id),
    projectId: nullableText(row.project_id),
    keyId: nullableText(row.key_id),
    sessionId: nullableText(row.session_id),
    workflowId: nullableText(row.workflow_id),
    receivedAt: codec.fromTime(row.received_at),
    firstTokenAt: row.first_token_at === null ? null : codec.fromTime(row.first_token_at),
    doneAt: codec.fromTime(row.done_at),
    operation: text(row.operation) as RequestRecord['operation'],
    dialect: text(row.dialect) as RequestRecord['dialect'],
    stream: codec.fromFlag(row.stream),
    model: text(row.model),
    route: nullableText(row.route),
    configVersion: Number(row.config_version),
    provider: nullableText(row.provider),
    providerType: nullableText(row.provider_type),
    upstreamModel: nullableText(row.upstream_model),
    responseModel: nullableText(row.response_model),
    status: Number(row.status),
    outcome: text(row.outcome) as RecordOutcome,
    errorCode: nullableText(row.error_code),
    errorMessage: nullableText(body?.error_message),
    finishReason: nullableText(row.finish_reason) as RequestRecord['finishReason'],
    cache: text(row.cache) as CacheVerdict,
    semantic: row.semantic === null ? null : (codec.fromJson(row.semantic) as SemanticNote),
    guardrails: codec.fromJson(row.guardrails) as GuardrailVerdict[],
    usage: codec.fromJson(row.usage) as UsageRecord,
    cost: codec.fromJson(row.cost) as CostRecord,
    bodyPolicy: text(row.body_policy) as BodyPolicy,
    prompt: nullableText(body?.prompt),
    response: nullableText(body?.response),
    attempts,
  };
}

/** Groups attempt rows (ordered by request, then number) by request id. */
export function attemptsByRequest(
  rows: readonly AttemptRow[],
  codec: RecordCodec,
): Map<string, AttemptRecord[]> {
  const grouped = new Map<string, AttemptRecord[]>();
  for (const row of rows) {
    const requestId = text(row.request_id);
    let list = grouped.get(requestId);
    if (list === undefined) grouped.set(requestId, (list = []));
    list.push(fromAttemptRow(row, codec));
  }
  return grouped;
}
