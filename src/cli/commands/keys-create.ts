// `switchyard keys create`: ask the running gateway for a new virtual key and show it once.

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import type { CreateKeyInput } from '../key-record.js';
import { shortDate } from '../key-table.js';
import { parseDuration } from '../parse-duration.js';

interface CreateOptions extends AdminOptions {
  name: string;
  team?: string;
  project?: string;
  expiresIn?: string;
}

export function registerKeysCreate(group: Command, context: CliContext): void {
  addAdminOptions(
    group
      .command('create')
      .description('Create a virtual key for an application; the key is shown once.')
      .requiredOption('--name <name>', 'what the key is for, e.g. the application name')
      .option('--team <id>', 'team the key belongs to')
      .option('--project <id>', 'project the key belongs to')
      .option('--expires-in <duration>', 'lifetime such as 90m, 12h, 30d or 2w (default: never expires)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard keys create --name checkout-service --team payments --expires-in 90d
  $ switchyard keys create --name ci --json | jq -r .key`,
    )
    .action((options: CreateOptions) => create(options, context));
}

async function create(options: CreateOptions, context: CliContext): Promise<void> {
  const input = createInput(options, context.now());
  const client = await adminClient(options, context);
  const created = await client.createKey(input);
  if (options.json) {
    context.stdout(`${JSON.stringify(created, null, 2)}\n`);
    return;
  }
  const { record } = created;
  const scope = [
    record.scope.teamId && `team ${record.scope.teamId}`,
    record.scope.projectId && `project ${record.scope.projectId}`,
  ]
    .filter(Boolean)
    .join(', ');
  context.stdout(
    `Created key "${record.name}" (id ${record.id}${scope ? `, ${scope}` : ''}, expires ${record.expiresAt ? shortDate(record.expiresAt) : 'never'}).\n\n` +
      `  ${created.key}\n\n` +
      'Copy it now: it will not be shown again.\n',
  );
}

function createInput(options: CreateOptions, now: Date): CreateKeyInput {
  const name = options.name.trim();
  if (name === '') throw new CliError('--name cannot be empty');
  const input: CreateKeyInput = { name };
  if (options.team !== undefined) input.teamId = options.team;
  if (options.project !== undefined) input.projectId = options.project;
  if (options.expiresIn !== undefined) {
    const lifetime = parseDuration(options.expiresIn);
    if (lifetime === undefined) {
      throw new CliError(`--expires-in must look like 90m, 12h, 30d or 2w, got "${options.expiresIn}"`);
    }
    input.expiresAt = new Date(now.getTime() + lifetime).toISOString();
  }
  return input;
}
