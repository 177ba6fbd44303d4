// Human output for the review queue: one table row per flagged request, for `switchyard review
// list`. Formatting only: no I/O, no clock.

import { formatTable, printable } from './format-table.js';
import { localTimeFormatter } from './record-table.js';
import type { ReviewView } from './review-schemas.js';

export const reviewHeaders = ['TIME', 'STATUS', 'ROUTE', 'MODEL', 'CHECKS', 'DECIDED BY', 'ID'] as const;

export function formatReviewTable(reviews: readonly ReviewView[], timeZone: string | undefined): string {
  const time = localTimeFormatter(timeZone);
  return formatTable(
    reviewHeaders,
    reviews.map((review) => [
      time(review.receivedAt),
      review.status,
      printable(review.route ?? '-'),
      printable(review.model),
      printable(review.checks.join(', ')),
      printable(review.decidedBy ?? '-'),
      printable(review.id),
    ]),
  );
}
