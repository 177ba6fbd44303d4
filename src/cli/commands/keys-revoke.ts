// `switchyard keys revoke <id>`: revoke a virtual key on the running gateway; requests using it
// are refused from then on.

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

export function registerKeysRevoke(group: Command, context: CliContext): void {
  addAdminOptions(
    group
      .command('revoke')
      .description('Revoke a virtual key by id (see `switchyard keys list`).')
      .argument('<id>', 'the key id, not the key itself'),
  )
    .addHelpText(
      'after',
      `
Example:
  $ switchyard keys revoke key_01HZX3J8Q2`,
    )
    .action((id: string, options: AdminOptions) => revoke(id, options, context));
}

async function revoke(id: string, options: AdminOptions, context: CliContext): Promise<void> {
  if (id.trim() === '') throw new CliError('the key id cannot be empty');
  const client = await adminClient(options, context);
  const result = await client.revokeKey(id);
  context.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : `Revoked key ${result.id}.\n`);
}
