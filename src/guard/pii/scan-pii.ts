// All PII and secret detectors over one text: their entities, overlaps resolved (the more
// confident, then the longer, wins; a secret always wins), in text order, at or above a confidence
// floor.

import { detectCards } from './detect-card.js';
import { detectDatesOfBirth } from './detect-date-of-birth.js';
import { detectEmails } from './detect-email.js';
import { detectIbans } from './detect-iban.js';
import { detectIpAddresses } from './detect-ip.js';
import { detectPhones } from './detect-phone.js';
import { detectSecrets } from './detect-secrets.js';
import { detectSsns } from './detect-ssn.js';
import type { Detector, PiiEntity } from './pii-entity.js';

/** Secrets first: a key that happens to contain a phone-like run is a key. */
const detectors: Detector[] = [
  detectSecrets,
  detectEmails,
  detectCards,
  detectIbans,
  detectSsns,
  (text) => detectPhones(text),
  detectIpAddresses,
  (text) => detectDatesOfBirth(text),
];

export function scanPii(text: string, minimumConfidence = 0.5): PiiEntity[] {
  const all = detectors
    .flatMap((detect) => detect(text))
    .filter((entity) => entity.confidence >= minimumConfidence);
  // A secret wins any overlap (the password in a connection string looks like an email's local
  // part); otherwise the more confident, then the longer.
  const rank = (entity: PiiEntity) => (entity.type === 'secret' ? 1 : 0);
  all.sort(
    (left, right) =>
      rank(right) - rank(left) ||
      right.confidence - left.confidence ||
      right.end - right.start - (left.end - left.start) ||
      left.start - right.start,
  );
  const kept: PiiEntity[] = [];
  for (const entity of all) {
    if (kept.some((other) => entity.start < other.end && other.start < entity.end)) continue;
    kept.push(entity);
  }
  return kept.sort((left, right) => left.start - right.start);
}
