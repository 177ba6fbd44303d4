// Admin API over the request log (used by `switchyard logs` / `switchyard usage`): filtered pages
// with a cursor, one record, usage grouped, and the purge log. Every query is scoped to the
// admin's organisation; a record of another organisation is "not found".

import { semanticNoteOutcomes } from '../../telemetry/semantic-outcomes.js';
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import { withoutUndefined } from '../../core/without-undefined.js';
import { isStorageError } from '../../storage/storage-error.js';
import type { RecordFilter, RecordStore } from '../../storage/record-store.js';
import { authenticateAdmin } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { parseQuery as parse } from '../parse-query.js';
import { decodePathPart } from '../path-part.js';

/** The last instant the stores hold (ISO-8601 with a four-digit year): the end of year 9999. */
const latestInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** ISO-8601 or epoch milliseconds, up to the end of year 9999. */
const instant = z.string().transform((text, context) => {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isFinite(value) && Math.abs(value) <= latestInstant) return value;
  context.addIssue({ code: 'custom', message: 'expected an ISO-8601 time or epoch milliseconds' });
  return z.NEVER;
});

const label = z.string().min(1).max(200);
const usd = z.coerce.number().min(0).max(1e9);

const filterQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  key: label.optional(),
  team: label.optional(),
  model: label.optional(),
  route: label.optional(),
  status: z.union([z.enum(['2xx', '4xx', '5xx']), z.coerce.number().int().min(100).max(599)]).optional(),
  outcome: z.enum(['ok', 'error', 'cancelled']).optional(),
  cache: z.enum(['none', 'miss', 'hit', 'semantic-hit', 'bypass']).optional(),
  semantic: z.enum(semanticNoteOutcomes).optional(),
  minCost: usd.optional(),
  maxCost: usd.optional(),
  q: z.string().min(1).max(500).optional(),
  session: label.optional(),
  trace: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'expected a 32-character lowercase hex trace id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(1000).optional(),
});

const usageQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  groupBy: z.enum(['key', 'team', 'model', 'route', 'provider']).default('model'),
});

const purgesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional() });

export async function handleAdminRecords(
  exchange: Exchange,
  gateway: Gateway,
  method: string,
  rest: string,
  query: URLSearchParams,
): Promise<void> {
  const admin = await authenticateAdmin(exchange.request, gateway);
  if (method !== 'GET') throw new GatewayError('method_not_allowed', 'Use GET on this route.');
  const store = gateway.recordStore;
  if (store === undefined) {
    throw new GatewayError('not_found', 'The request log is off (records.enabled: false).');
  }
  const organizationId = admin.scope.organizationId;
  try {
    await answer(exchange, store, organizationId, rest, query);
  } catch (error) {
    // A cursor from another filter or a forged one: the client's mistake, not ours.
    if (isStorageError(error) && error.code === 'invalid-input') {
      throw new GatewayError('invalid_request', error.message, { param: 'cursor' });
    }
    throw error;
  }
}

async function answer(
  exchange: Exchange,
  store: RecordStore,
  organizationId: string,
  rest: string,
  query: URLSearchParams,
): Promise<void> {
  if (rest === '/admin/records') {
    const parsed = parse(filterQuery, query);
    const filter: RecordFilter = {
      organizationId,
      from: parsed.from,
      to: parsed.to,
      keyId: parsed.key,
      teamId: parsed.team,
      model: parsed.model,
      route: parsed.route,
      status: parsed.status,
      outcome: parsed.outcome,
      cache: parsed.cache,
      semantic: parsed.semantic,
      minCostUsd: parsed.minCost,
      maxCostUsd: parsed.maxCost,
      text: parsed.q,
      sessionId: parsed.session,
      traceId: parsed.trace,
      limit: parsed.limit,
      cursor: parsed.cursor,
    };
    const page = await store.query({ ...withoutUndefined(filter), organizationId });
    exchange.sendJson(200, JSON.stringify({ data: page.records, nextCursor: page.nextCursor }));
    return;
  }
  if (rest === '/admin/usage') {
    const parsed = parse(usageQuery, query);
    const rows = await store.usage({ ...withoutUndefined(parsed), organizationId, groupBy: parsed.groupBy });
    exchange.sendJson(
      200,
      JSON.stringify({ groupBy: parsed.groupBy, from: parsed.from, to: parsed.to, data: rows }),
    );
    return;
  }
  if (rest === '/admin/records/purges') {
    const parsed = parse(purgesQuery, query);
    exchange.sendJson(200, JSON.stringify({ data: await store.purges(parsed.limit) }));
    return;
  }
  const id = decodePathPart(rest.slice('/admin/records/'.length));
  const record = id === '' ? undefined : await store.get(id, organizationId);
  if (record === undefined) throw new GatewayError('not_found', `No record with id "${id}".`);
  exchange.sendJson(200, JSON.stringify(record));
}
