// Human output for `switchyard usage`: one row per group, a total row, and notes when a cost is a
// lower bound or tokens were estimated. Formatting only: no I/O, no clock.

import { formatTable } from './format-table.js';
import type { UsageRowView } from './record-schemas.js';

const headers = ['GROUP', 'REQUESTS', 'ERRORS', 'INPUT', 'OUTPUT', 'CACHED', 'REASONING', 'COST USD'];

interface Totals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  costUsd: number;
  unpricedRequests: number;
  estimatedRequests: number;
}

export function formatUsageTable(rows: readonly UsageRowView[]): string {
  const total = sum(rows);
  const body = [
    ...rows.map((row) => usageCells(row.group ?? '(none)', totalsOf(row))),
    usageCells('TOTAL', total),
  ];
  const [alignedHeaders, ...alignedRows] = rightAligned([headers, ...body]);
  return `${formatTable(alignedHeaders, alignedRows)}${notes(total)}`;
}

function totalsOf(row: UsageRowView): Totals {
  return {
    requests: row.requests,
    errors: row.errors,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheReadTokens: row.cacheReadTokens,
    reasoningTokens: row.reasoningTokens,
    costUsd: row.costUsd,
    unpricedRequests: row.unpricedRequests,
    estimatedRequests: row.estimatedRequests ?? 0,
  };
}

function sum(rows: readonly UsageRowView[]): Totals {
  const total: Totals = {
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
    estimatedRequests: 0,
  };
  for (const row of rows) {
    const values = totalsOf(row);
    for (const name of Object.keys(total) as Array<keyof Totals>) total[name] += values[name];
  }
  return total;
}

const count = (value: number) => value.toLocaleString('en-US');

function usageCells(group: string, values: Totals): string[] {
  // `+`: some requests had no price, so the sum is a lower bound (never a silent zero).
  const cost = `$${values.costUsd.toFixed(6)}${values.unpricedRequests > 0 ? '+' : ''}`;
  return [
    group,
    count(values.requests),
    count(values.errors),
    count(values.inputTokens),
    count(values.outputTokens),
    count(values.cacheReadTokens),
    count(values.reasoningTokens),
    cost,
  ];
}

/** Numbers read best right-aligned; the group column stays left-aligned. */
function rightAligned(rows: ReadonlyArray<readonly string[]>): string[][] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) =>
    row.map((cell, index) => (index === 0 ? cell : cell.padStart(widths[index] ?? 0))),
  );
}

function notes(total: Totals): string {
  const lines: string[] = [];
  if (total.unpricedRequests > 0) {
    lines.push(
      `+ ${plural(total.unpricedRequests, 'request')} had no price for some tokens: the cost shown is a lower bound (see \`switchyard models\`).`,
    );
  }
  if (total.estimatedRequests > 0) {
    lines.push(
      `${plural(total.estimatedRequests, 'request')} had no usage from the provider: their tokens were counted locally.`,
    );
  }
  return lines.length === 0 ? '' : `\n${lines.map((line) => `${line}\n`).join('')}`;
}

function plural(amount: number, noun: string): string {
  return `${count(amount)} ${noun}${amount === 1 ? '' : 's'}`;
}
