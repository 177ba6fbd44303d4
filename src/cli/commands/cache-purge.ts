// `switchyard cache purge`: drop cached answers on the running gateway, by route, model or
// namespace, or all of them with --all (never by accident: one of them is required).

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

interface PurgeOptions extends AdminOptions {
  route?: string;
  model?: string;
  namespace?: string;
  all?: boolean;
}

export function registerCachePurge(group: Command, context: CliContext): void {
  addAdminOptions(
    group
      .command('purge')
      .description("Drop cached answers of the admin's organisation.")
      .option('--route <alias>', 'only answers of this route (a models: key)')
      .option('--model <name>', 'only answers to requests for this model name')
      .option('--namespace <name>', 'only answers in this cache namespace')
      .option('--all', 'every cached answer (instead of the filters)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard cache purge --route support-bot
  $ switchyard cache purge --namespace tenant-42 --model gpt-4o
  $ switchyard cache purge --all`,
    )
    .action((options: PurgeOptions) => purge(options, context));
}

async function purge(options: PurgeOptions, context: CliContext): Promise<void> {
  const narrowed = [options.route, options.model, options.namespace].some((value) => value !== undefined);
  if (narrowed && options.all === true)
    throw new CliError('give --route, --model or --namespace, or --all, not both');
  if (!narrowed && options.all !== true) {
    throw new CliError('say what to purge: --route, --model or --namespace, or --all for every entry');
  }
  for (const [name, value] of [
    ['--route', options.route],
    ['--model', options.model],
    ['--namespace', options.namespace],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new CliError(`${name} cannot be empty`);
  }
  const client = await adminClient(options, context);
  const result = await client.purgeCache(options);
  const noun = result.deleted === 1 ? 'answer' : 'answers';
  context.stdout(
    options.json ? `${JSON.stringify(result, null, 2)}\n` : `Dropped ${result.deleted} cached ${noun}.\n`,
  );
}
