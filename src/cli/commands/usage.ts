// `switchyard usage`: requests, tokens and cost over a period, grouped by key, team, model, route
// or provider, from a running gateway's admin API (GET /admin/usage).

import { Option, type Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { usageGroupings, type UsageReportQuery } from '../record-schemas.js';
import { localTimeFormatter } from '../record-table.js';
import { formatUsageTable } from '../usage-table.js';
import { addTimeRangeOptions, timeRange, type TimeRangeOptions } from './logs-time-range.js';

interface UsageOptions extends AdminOptions, TimeRangeOptions {
  by: UsageReportQuery['groupBy'];
}

const defaultSince = '30d';

export function registerUsage(program: Command, context: CliContext): void {
  addAdminOptions(
    addTimeRangeOptions(
      program
        .command('usage')
        .description(
          "Requests, tokens and cost per key, team, model, route or provider, from a running gateway's admin API.",
        ),
      defaultSince,
    ).addOption(new Option('--by <group>', 'what to group by').choices(usageGroupings).default('model')),
  )
    .addHelpText(
      'after',
      `
Cost is in USD; a trailing + marks a lower bound (some requests had no price).

Examples:
  $ switchyard usage
  $ switchyard usage --by team --since 7d
  $ switchyard usage --by key --from 2025-06-01 --to 2025-07-01 --json | jq '.data[0]'`,
    )
    .action((options: UsageOptions) => usage(options, context));
}

async function usage(options: UsageOptions, context: CliContext): Promise<void> {
  const range = timeRange(options, context.now(), defaultSince);
  const client = await adminClient(options, context);
  const answer = await client.usage({ ...range, groupBy: options.by });
  if (options.json) {
    context.stdout(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  const time = localTimeFormatter(context.env.TZ);
  const from = range.from === undefined ? 'the first record' : time(range.from);
  const to = range.to === undefined ? 'now' : time(range.to);
  context.stdout(`Usage by ${options.by}, ${from} to ${to}:\n\n`);
  context.stdout(answer.data.length === 0 ? 'No requests in this period.\n' : formatUsageTable(answer.data));
}
