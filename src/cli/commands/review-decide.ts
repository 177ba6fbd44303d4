// `switchyard review approve <id>` and `review reject <id>`: the decision on a flagged request,
// with an optional note; a decision is final (a second one is refused with who decided and when).

import type { Command } from 'commander';
import { addAdminOptions, adminClient, type AdminOptions } from '../admin-options.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import {
  maxNoteLength,
  maxReviewerLength,
  type ReviewDecisionInput,
  type ReviewView,
} from '../review-schemas.js';

interface DecideOptions extends AdminOptions {
  note?: string;
  reviewer?: string;
}

const wording = {
  approve: {
    description: 'Approve a flagged request: the check was right to let it through.',
    done: 'Approved',
  },
  reject: { description: 'Reject a flagged request: it should not have gone through.', done: 'Rejected' },
} as const;

export function registerReviewDecision(
  group: Command,
  context: CliContext,
  decision: ReviewDecisionInput['decision'],
): void {
  addAdminOptions(
    group
      .command(decision)
      .description(wording[decision].description)
      .argument('<id>', 'the request id (from `review list`)')
      .option(
        '--note <text>',
        `why, for whoever reads the decision later (at most ${maxNoteLength} characters)`,
      )
      .option('--reviewer <name>', "who decides (default: the admin token's name)"),
  )
    .addHelpText(
      'after',
      `
Example:
  $ switchyard review ${decision} 01J0M6V9QG2Z8X3K4T5N6P7R8S --note "support address, not personal data"`,
    )
    .action((id: string, options: DecideOptions) => decide(id, decision, options, context));
}

async function decide(
  id: string,
  decision: ReviewDecisionInput['decision'],
  options: DecideOptions,
  context: CliContext,
): Promise<void> {
  if (id.trim() === '') throw new CliError('the review id cannot be empty');
  const input: ReviewDecisionInput = { decision };
  // The gateway's own bounds, checked here first to save a round trip.
  if (options.note !== undefined) {
    if (options.note.length > maxNoteLength)
      throw new CliError(`--note is limited to ${maxNoteLength} characters, got ${options.note.length}`);
    input.note = options.note;
  }
  if (options.reviewer !== undefined) {
    const reviewer = options.reviewer.trim();
    if (reviewer === '' || reviewer.length > maxReviewerLength)
      throw new CliError(`--reviewer must be 1 to ${maxReviewerLength} characters`);
    input.reviewer = reviewer;
  }
  const client = await adminClient(options, context);
  const review = await client.decideReview(id, input);
  if (options.json) {
    context.stdout(`${JSON.stringify(review, null, 2)}\n`);
    return;
  }
  const done = `${wording[decision].done} review ${review.id} (by ${review.decidedBy ?? '?'}).\n`;
  context.stdout(done + heldNote(review.hold));
}

/** What happens to a held answer now: delivered in the background, waiting for a poll, or expired. */
function heldNote(hold: ReviewView['hold']): string {
  if (hold == null) return '';
  if (hold.delivery === 'sending')
    return `The decision is being delivered to ${hold.callbackUrl ?? '?'} (\`switchyard review show\` follows it).\n`;
  if (hold.delivery === 'ready') return 'The caller can now poll for the decision (GET /v1/reviews/<id>).\n';
  if (hold.delivery === 'expired') return 'The held answer had expired: nothing is delivered.\n';
  return '';
}
