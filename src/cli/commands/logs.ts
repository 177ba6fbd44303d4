// `switchyard logs`: the request log of a running gateway, filtered, as a table or JSON Lines;
// one page, every page (--all), or a live tail (--follow). `logs show <id>` prints one record.

import type { Command } from 'commander';
import type { AdminClient } from '../admin-client.js';
import { addAdminOptions, adminClient } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import type { RecordQuery, RecordView } from '../record-schemas.js';
import { formatRecordTable, RecordTail } from '../record-table.js';
import { followRecords, interruptSignal, parseInterval, sleep } from './logs-follow.js';
import { addFilterOptions, recordQuery, type LogsOptions } from './logs-query.js';
import { registerLogsShow } from './logs-show.js';
import { addTimeRangeOptions } from './logs-time-range.js';

export function registerLogs(program: Command, context: CliContext): void {
  const logs = addAdminOptions(
    addFilterOptions(
      addTimeRangeOptions(
        program
          .command('logs')
          .description("Search and tail the request log through a running gateway's admin API."),
      ),
    )
      .option('--all', 'every match, page after page (default: the newest page only)')
      .option('-f, --follow', 'print the newest page, then new requests as they are recorded, until Ctrl-C')
      .option('--interval <duration>', 'how often --follow asks for new records (default: 2s)'),
  )
    .addHelpText(
      'after',
      `
Output: newest first (with --follow, oldest first, like tail); --json prints one record per line.

Examples:
  $ switchyard logs --since 1h --status 5xx
  $ switchyard logs --model gpt-4o --search "refund policy" --limit 20
  $ switchyard logs -f --key key_01HZX3J8Q2
  $ switchyard logs --since 7d --all --json | jq -r 'select(.cost.usd == null) | .id'
  $ switchyard logs show 01J0M6V9QG2Z8X3K4T5N6P7R8S`,
    )
    .action((options: LogsOptions) => runLogs(options, context));
  registerLogsShow(logs, context);
}

async function runLogs(options: LogsOptions, context: CliContext): Promise<void> {
  const query = recordQuery(options, context.now());
  if (options.follow) return follow(options, query, context);
  if (options.interval !== undefined) throw new CliError('--interval only applies to --follow');
  const client = await adminClient(options, context);
  const timeZone = context.env.TZ;
  if (!options.all) {
    const page = await client.listRecords(query);
    print(page.data, options, context);
    if (!options.json && page.nextCursor) {
      context.stdout('(more records match: --all prints every one, --since or filters narrow them)\n');
    }
    return;
  }
  const table: RecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listRecords({ ...query, cursor });
    // JSON Lines stream page by page; a table needs every row first to size its columns.
    if (options.json) print(page.data, options, context);
    else table.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  if (!options.json)
    context.stdout(table.length === 0 ? 'No records match.\n' : formatRecordTable(table, timeZone));
}

function print(records: readonly RecordView[], options: LogsOptions, context: CliContext): void {
  if (options.json) {
    context.stdout(jsonLines(records));
    return;
  }
  context.stdout(records.length === 0 ? 'No records match.\n' : formatRecordTable(records, context.env.TZ));
}

function jsonLines(records: readonly RecordView[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

async function follow(options: LogsOptions, query: RecordQuery, context: CliContext): Promise<void> {
  if (options.all) throw new CliError('--follow and --all cannot be used together');
  if (query.to !== undefined) throw new CliError('--follow shows new records: it cannot be used with --to');
  const intervalMs = options.interval === undefined ? 2000 : parseInterval(options.interval);
  const client: AdminClient = await adminClient(options, context);
  const tail = new RecordTail(context.env.TZ);
  const signal = interruptSignal(context);
  context.stderr(`Following new requests every ${intervalMs / 1000}s; Ctrl-C to stop.\n`);
  await followRecords({
    query,
    fetchPage: (pageQuery, pageSignal) => client.listRecords(pageQuery, { signal: pageSignal }),
    print: (records) => context.stdout(options.json ? jsonLines(records) : tail.format(records)),
    intervalMs,
    sleep,
    signal,
  });
}
