// `switchyard keys list`: the virtual keys the running gateway knows, as a table or JSON.

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { formatKeyTable } from '../key-table.js';

interface ListOptions extends AdminOptions {
  all?: boolean;
}

export function registerKeysList(group: Command, context: CliContext): void {
  addAdminOptions(
    group
      .command('list')
      .description('List virtual keys (prefix only: a key is never shown again after creation).')
      .option('--all', 'include revoked keys'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard keys list
  $ switchyard keys list --all --json`,
    )
    .action((options: ListOptions) => list(options, context));
}

async function list(options: ListOptions, context: CliContext): Promise<void> {
  const client = await adminClient(options, context);
  const records = await client.listKeys(options.all === true);
  if (options.json) {
    context.stdout(`${JSON.stringify({ data: records }, null, 2)}\n`);
    return;
  }
  if (records.length === 0) {
    context.stdout(options.all ? 'No keys.\n' : 'No active keys (--all includes revoked ones).\n');
    return;
  }
  context.stdout(formatKeyTable(records, context.now()));
}
