// `switchyard review show <id>`: one flagged request, its decision so far, and the request and
// answer exactly as the request log keeps them (the route's body policy decides what is there).

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { formatReviewDetail } from '../review-detail.js';

export function registerReviewShow(group: Command, context: CliContext): void {
  addAdminOptions(
    group
      .command('show')
      .description('Show a flagged request (the id from `review list`) as the request log keeps it.')
      .argument('<id>', 'the request id'),
  )
    .addHelpText(
      'after',
      `
Example:
  $ switchyard review show 01J0M6V9QG2Z8X3K4T5N6P7R8S
  $ switchyard review show 01J0M6V9QG2Z8X3K4T5N6P7R8S --json | jq .record.guardrails`,
    )
    .action((id: string, options: AdminOptions) => show(id, options, context));
}

async function show(id: string, options: AdminOptions, context: CliContext): Promise<void> {
  if (id.trim() === '') throw new CliError('the review id cannot be empty');
  const client = await adminClient(options, context);
  const detail = await client.getReview(id);
  context.stdout(
    options.json ? `${JSON.stringify(detail, null, 2)}\n` : formatReviewDetail(detail, context.env.TZ),
  );
}
