// Human output for `switchyard usage`: one row per group, a total row, and notes when a cost is a
// lower bound or tokens were estimated. Audio, web-search and fee columns appear only when some
// row has them, so the usual table keeps its width. Formatting only: no I/O, no clock.

import { formatTable } from './format-table.js';
import type { UsageRowView } from './record-schemas.js';

interface Totals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  audioInputTokens: number;
  audioOutputTokens: number;
  webSearchRequests: number;
  feeUsd: number;
  costUsd: number;
  unpricedRequests: number;
  estimatedRequests: number;
}

interface Column {
  header: string;
  cell: (values: Totals) => string;
  /** Shown only when some row has a non-zero value here. */
  optional?: keyof Totals;
}

const count = (value: number) => value.toLocaleString('en-US');
const usd = (value: number) => `$${value.toFixed(6)}`;

const columns: Column[] = [
  { header: 'REQUESTS', cell: (values) => count(values.requests) },
  { header: 'ERRORS', cell: (values) => count(values.errors) },
  { header: 'INPUT', cell: (values) => count(values.inputTokens) },
  { header: 'OUTPUT', cell: (values) => count(values.outputTokens) },
  { header: 'CACHED', cell: (values) => count(values.cacheReadTokens) },
  { header: 'REASONING', cell: (values) => count(values.reasoningTokens) },
  { header: 'AUDIO IN', cell: (values) => count(values.audioInputTokens), optional: 'audioInputTokens' },
  { header: 'AUDIO OUT', cell: (values) => count(values.audioOutputTokens), optional: 'audioOutputTokens' },
  { header: 'SEARCHES', cell: (values) => count(values.webSearchRequests), optional: 'webSearchRequests' },
  { header: 'FEES USD', cell: (values) => usd(values.feeUsd), optional: 'feeUsd' },
  // `+`: some requests had no price, so the sum is a lower bound (never a silent zero).
  {
    header: 'COST USD',
    cell: (values) => `${usd(values.costUsd)}${values.unpricedRequests > 0 ? '+' : ''}`,
  },
];

export function formatUsageTable(rows: readonly UsageRowView[]): string {
  const groups = rows.map((row) => ({ group: row.group ?? '(none)', values: totalsOf(row) }));
  const total = sum(groups.map((entry) => entry.values));
  const shown = columns.filter(
    (column) => column.optional === undefined || groups.some((entry) => entry.values[column.optional!] !== 0),
  );
  const cells = (group: string, values: Totals) => [group, ...shown.map((column) => column.cell(values))];
  const body = [...groups.map((entry) => cells(entry.group, entry.values)), cells('TOTAL', total)];
  const headers = ['GROUP', ...shown.map((column) => column.header)];
  const [alignedHeaders, ...alignedRows] = rightAligned([headers, ...body]);
  return `${formatTable(alignedHeaders, alignedRows)}${notes(total)}`;
}

/** A gateway older than a field does not send it: it counts as 0. */
function totalsOf(row: UsageRowView): Totals {
  return {
    requests: row.requests,
    errors: row.errors,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheReadTokens: row.cacheReadTokens,
    reasoningTokens: row.reasoningTokens,
    audioInputTokens: row.audioInputTokens ?? 0,
    audioOutputTokens: row.audioOutputTokens ?? 0,
    webSearchRequests: row.webSearchRequests ?? 0,
    feeUsd: row.feeUsd ?? 0,
    costUsd: row.costUsd,
    unpricedRequests: row.unpricedRequests,
    estimatedRequests: row.estimatedRequests ?? 0,
  };
}

function sum(rows: readonly Totals[]): Totals {
  const total = totalsOf({
    group: null,
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
  });
  for (const values of rows) {
    for (const name of Object.keys(total) as Array<keyof Totals>) total[name] += values[name];
  }
  return total;
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
