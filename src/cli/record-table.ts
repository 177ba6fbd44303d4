// Human output for request records: one table row per request, for `switchyard logs` and its
// --follow mode. Formatting only: no I/O, no clock.

import { formatTable } from './format-table.js';
import type { RecordView } from './record-schemas.js';

export const recordHeaders = ['TIME', 'STATUS', 'OUTCOME', 'MODEL', 'IN', 'OUT', 'COST', 'MS', 'ID'] as const;

/**
 * Formats epoch milliseconds as `2025-06-01 14:05:09` in a time zone: `timeZone` (an IANA name,
 * e.g. from $TZ) when it is valid, else the machine's.
 */
export function localTimeFormatter(timeZone: string | undefined): (epochMs: number) => string {
  const format = dateTimeFormat(timeZone);
  return (epochMs) => {
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  };
}

function dateTimeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const fields: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...fields, timeZone: timeZone || undefined });
  } catch {
    // A POSIX TZ such as ":/etc/localtime" is no IANA name; the runtime already applies it.
    return new Intl.DateTimeFormat('en-US', fields);
  }
}

/** `$0.000123`; `?` when some part of the request had no price (never shown as free). */
export function formatCost(usd: number | null): string {
  return usd === null ? '?' : `$${usd.toFixed(6)}`;
}

/** Token counts counted locally (no usage from the upstream) are marked `~`. */
function tokens(count: number, source: string): string {
  return source === 'estimated' ? `~${count}` : String(count);
}

/** `gpt-4o -> openai/gpt-4o-2024-08-06`: what was asked for, and who served it as what. */
function modelRoute(record: RecordView): string {
  if (record.provider === null) return record.model;
  const upstream =
    record.upstreamModel === null ? record.provider : `${record.provider}/${record.upstreamModel}`;
  return `${record.model} -> ${upstream}`;
}

export function recordRow(record: RecordView, time: (epochMs: number) => string): string[] {
  return [
    time(record.receivedAt),
    String(record.status),
    record.outcome,
    modelRoute(record),
    tokens(record.usage.inputTokens, record.usage.source),
    tokens(record.usage.outputTokens, record.usage.source),
    formatCost(record.cost.usd),
    String(Math.max(0, record.doneAt - record.receivedAt)),
    record.id,
  ];
}

export function formatRecordTable(records: readonly RecordView[], timeZone: string | undefined): string {
  const time = localTimeFormatter(timeZone);
  return formatTable(
    recordHeaders,
    records.map((record) => recordRow(record, time)),
  );
}

/**
 * The table for --follow, printed a batch at a time: the header once, and columns that only ever
 * widen, so rows stay aligned with those above them unless a longer value comes along.
 */
export class RecordTail {
  readonly #time: (epochMs: number) => string;
  readonly #widths: number[] = recordHeaders.map((header) => header.length);
  #started = false;

  constructor(timeZone: string | undefined) {
    this.#time = localTimeFormatter(timeZone);
  }

  /** The lines for these records (oldest first), preceded by the header on the first call. */
  format(records: readonly RecordView[]): string {
    const rows = records.map((record) => recordRow(record, this.#time));
    for (const row of rows)
      row.forEach((cell, index) => (this.#widths[index] = Math.max(this.#widths[index] ?? 0, cell.length)));
    const lines = this.#started ? rows : [[...recordHeaders], ...rows];
    this.#started = true;
    return lines.map((row) => `${this.#pad(row)}\n`).join('');
  }

  #pad(row: readonly string[]): string {
    return row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(this.#widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  }
}
