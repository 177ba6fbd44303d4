// `switchyard logs show <id>`: one request record, every field, as pretty JSON.

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

const adminOptionNames = new Set(['url', 'adminToken', 'json']);

export function registerLogsShow(logs: Command, context: CliContext): void {
  addAdminOptions(
    logs
      .command('show')
      .description('Print one request record (by the id from x-request-id or `switchyard logs`) as JSON.')
      .argument('<id>', 'the request id'),
  )
    .addHelpText(
      'after',
      `
Example:
  $ switchyard logs show 01J0M6V9QG2Z8X3K4T5N6P7R8S | jq .attempts`,
    )
    .action((id: string, _options: AdminOptions, command: Command) => show(id, command, context));
}

async function show(id: string, command: Command, context: CliContext): Promise<void> {
  // `logs` and `show` share --url, --admin-token and --json; commander hands them to whichever
  // it meets first, so read both. A `logs` filter here would be silently ignored: refuse it.
  const stray = Object.keys(command.parent?.opts() ?? {}).filter((name) => !adminOptionNames.has(name));
  if (stray.length > 0) throw new CliError('`logs show` takes only --url, --admin-token and --json');
  if (id.trim() === '') throw new CliError('the record id cannot be empty');
  const options = command.optsWithGlobals<AdminOptions>();
  const client = await adminClient(options, context);
  const record = await client.getRecord(id);
  context.stdout(`${JSON.stringify(record, null, 2)}\n`);
}
