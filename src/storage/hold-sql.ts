// The held answers' table as the SQL backends see it (migration 4), and its statements written
// once for SQLite and Postgres: a held answer's row, the holds of a page of items, one hold, a
// decision's effect, a delivery step, the expiry sweep, the deliveries left unfinished. Builds SQL text and parameters; runs nothing.

import { nullableText } from './record-columns.js';
import { SqlParameters, type RecordSqlDialect, type SqlStatement } from './record-sql.js';
import {
  openDeliveries,
  type DeliveryStep,
  type HoldDelivery,
  type StaleDelivery,
  type StoredHold,
} from './held-answer.js';

export const holdColumns = [
  'request_id',
  'organization_id',
  'answer',
  'callback_url',
  'secret_env',
  'expires_at',
  'delivery',
  'attempts',
  'last_error',
  'updated_at',
] as const;

type HoldRow = Record<(typeof holdColumns)[number], unknown>;

const selectHold = `SELECT ${holdColumns.join(', ')} FROM held_answers`;

/** The hold's row values, in holdColumns order. */
export function holdValues(
  id: string,
  organizationId: string,
  hold: StoredHold,
  dialect: RecordSqlDialect,
): unknown[] {
  return [
    id,
    organizationId,
    hold.answer,
    hold.callbackUrl,
    hold.secretEnv,
    dialect.toTime(hold.expiresAt),
    hold.delivery,
    hold.attempts,
    hold.lastError,
    dialect.toTime(hold.updatedAt),
  ];
}

export function fromHoldRow(row: Record<string, unknown>, dialect: RecordSqlDialect): StoredHold {
  const hold = row as HoldRow;
  return {
    answer: nullableText(hold.answer),
    callbackUrl: nullableText(hold.callback_url),
    secretEnv: nullableText(hold.secret_env),
    expiresAt: dialect.fromTime(hold.expires_at),
    delivery: hold.delivery as HoldDelivery,
    attempts: Number(hold.attempts),
    lastError: nullableText(hold.last_error),
    updatedAt: dialect.fromTime(hold.updated_at),
  };
}

/** The holds of some items of one organisation (a page's). */
export function holdsStatement(
  ids: readonly string[],
  organizationId: string,
  dialect: RecordSqlDialect,
): SqlStatement {
  const parameters = new SqlParameters(dialect);
  // Placeholders in the order of the text: SQLite's are positional.
  const organization = parameters.add(organizationId);
  const list = ids.map((id) => parameters.add(id)).join(', ');
  return {
    sql: `${selectHold} WHERE organization_id = ${organization} AND request_id IN (${list})`,
    params: parameters.values,
  };
}

/** Writes a hold's state and answer (after a decision), whatever it was. */
export function replaceHoldStatement(id: string, hold: StoredHold, dialect: RecordSqlDialect): SqlStatement {
  const parameters = new SqlParameters(dialect);
  return {
    sql:
      `UPDATE held_answers SET delivery = ${parameters.add(hold.delivery)}, answer = ${parameters.add(hold.answer)}, ` +
      `updated_at = ${parameters.add(dialect.toTime(hold.updatedAt))} WHERE request_id = ${parameters.add(id)}`,
    params: parameters.values,
  };
}

/** A delivery step, only from one of the states `from`: changes one row or none. */
export function noteDeliveryStatement(
  note: DeliveryStep,
  now: number,
  dialect: RecordSqlDialect,
): SqlStatement {
  const { id, organizationId, from } = note;
  const parameters = new SqlParameters(dialect);
  const sql =
    `UPDATE held_answers SET delivery = ${parameters.add(note.delivery)}, attempts = ${parameters.add(note.attempts)}, ` +
    `last_error = ${parameters.add(note.lastError)}, ${note.forgetAnswer ? 'answer = NULL, ' : ''}` +
    `updated_at = ${parameters.add(dialect.toTime(now))} ` +
    `WHERE request_id = ${parameters.add(id)} AND organization_id = ${parameters.add(organizationId)} ` +
    `AND delivery IN (${from.length === 0 ? 'NULL' : from.map((state) => parameters.add(state)).join(', ')})` +
    (note.ifUpdatedAt === undefined
      ? ''
      : ` AND updated_at = ${parameters.add(dialect.toTime(note.ifUpdatedAt))}`);
  return { sql, params: parameters.values };
}

/** Forgets the answers of open holds past their keep time. */
export function expireHoldsStatement(now: number, dialect: RecordSqlDialect): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const time = dialect.toTime(now);
  return {
    sql:
      `UPDATE held_answers SET delivery = 'expired', answer = NULL, updated_at = ${parameters.add(time)} ` +
      `WHERE expires_at <= ${parameters.add(time)} ` +
      `AND delivery IN (${openDeliveries.map((state) => parameters.add(state)).join(', ')})`,
    params: parameters.values,
  };
}

/** Holds left `sending` since before `updatedBefore`, within their keep time, oldest first. */
export function staleDeliveriesStatement(
  updatedBefore: number,
  now: number,
  limit: number,
  dialect: RecordSqlDialect,
): SqlStatement {
  const parameters = new SqlParameters(dialect);
  return {
    sql:
      'SELECT request_id, organization_id, attempts, last_error, updated_at FROM held_answers ' +
      `WHERE delivery = 'sending' AND updated_at < ${parameters.add(dialect.toTime(updatedBefore))} ` +
      `AND expires_at > ${parameters.add(dialect.toTime(now))} ` +
      `ORDER BY updated_at LIMIT ${parameters.add(limit)}`,
    params: parameters.values,
  };
}

export function fromStaleRow(row: Record<string, unknown>, dialect: RecordSqlDialect): StaleDelivery {
  return {
    id: String(row.request_id),
    organizationId: String(row.organization_id),
    attempts: Number(row.attempts),
    lastError: nullableText(row.last_error),
    updatedAt: dialect.fromTime(row.updated_at),
  };
}
