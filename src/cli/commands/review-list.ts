// `switchyard review list`: the review queue of a running gateway (GET /admin/reviews), pending
// items by default, as a table or JSON Lines; the newest page, or every page (--all).

import { Option, type Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { reviewStatuses, type ReviewQuery, type ReviewView } from '../review-schemas.js';
import { formatReviewTable } from '../review-table.js';
import { parseLimit } from './logs-query.js';

interface ListOptions extends AdminOptions {
  status: ReviewQuery['status'] | 'all';
  limit?: string;
  all?: boolean;
}

export function registerReviewList(group: Command, context: CliContext): void {
  addAdminOptions(
    group
      .command('list')
      .description('List flagged requests waiting for (or given) a decision, newest first.')
      .addOption(
        new Option('--status <status>', 'which items').choices([...reviewStatuses, 'all']).default('pending'),
      )
      .option('--limit <n>', 'items per page, 1-1000 (default: 50)')
      .option('--all', 'every item, page after page (default: the newest page only)'),
  )
    .addHelpText(
      'after',
      `
Output: newest first; --json prints one item per line.

Examples:
  $ switchyard review list
  $ switchyard review list --status rejected --all --json | jq -r .id`,
    )
    .action((options: ListOptions) => list(options, context));
}

async function list(options: ListOptions, context: CliContext): Promise<void> {
  const query: ReviewQuery = {};
  if (options.status !== 'all') query.status = options.status;
  if (options.limit !== undefined) query.limit = parseLimit(options.limit);
  const client = await adminClient(options, context);
  const found: ReviewView[] = [];
  let cursor: string | undefined;
  let more = false;
  do {
    const page = await client.listReviews({ ...query, cursor });
    // JSON Lines stream page by page; a table needs every row first to size its columns.
    if (options.json) context.stdout(page.data.map((review) => `${JSON.stringify(review)}\n`).join(''));
    else found.push(...page.data);
    cursor = page.nextCursor ?? undefined;
    more = cursor !== undefined;
  } while (options.all === true && cursor !== undefined);
  if (options.json) return;
  if (found.length === 0) {
    context.stdout(options.status === 'all' ? 'No reviews.\n' : `No ${options.status} reviews.\n`);
    return;
  }
  context.stdout(formatReviewTable(found, context.env.TZ));
  if (more) context.stdout('(more reviews match: --all prints every one)\n');
}
