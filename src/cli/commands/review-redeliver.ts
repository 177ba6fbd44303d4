// `switchyard review redeliver <id>`: sends a reviewer's decision on a held answer again when its
// delivery to the route's callback failed (every call of its round failed: the receiver was down,
// its secret unset). A new round of calls starts in the background; `review show` follows it.

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

export function registerReviewRedeliver(group: Command, context: CliContext): void {
  addAdminOptions(
    group
      .command('redeliver')
      .description("Send a held answer's decision to its callback again, after its delivery failed.")
      .argument('<id>', 'the request id (from `review list`)'),
  )
    .addHelpText(
      'after',
      `
Only a failed delivery can be sent again (not one still sending, delivered, or past the route's
hold.keepForMs). The calls are retried as the route's hold.retries says.

Example:
  $ switchyard review redeliver 01J0M6V9QG2Z8X3K4T5N6P7R8S`,
    )
    .action((id: string, options: AdminOptions) => redeliver(id, options, context));
}

async function redeliver(id: string, options: AdminOptions, context: CliContext): Promise<void> {
  if (id.trim() === '') throw new CliError('the review id cannot be empty');
  const client = await adminClient(options, context);
  const review = await client.redeliverReview(id);
  if (options.json) {
    context.stdout(`${JSON.stringify(review, null, 2)}\n`);
    return;
  }
  context.stdout(
    `Delivering the decision on review ${review.id} to ${review.hold?.callbackUrl ?? '?'} again ` +
      '(`switchyard review show` follows it).\n',
  );
}
