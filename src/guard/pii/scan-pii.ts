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
import { detectPostalAddresses } from './detect-postal-addresses.js';
import { detectPersonNames } from './detect-person-names.js';
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
  detectPostalAddresses,
  detectPersonNames,
];

export function scanPii(text: string, minimumConfidence = 0.5): PiiEntity[] {
  const all = detectors
    .flatMap((detect) => detect(text))
    .filter((entity) => entity.confidence >= minimumConfidence)
    .sort((left, right) => left.start - right.start);
  // Overlaps are resolved within each run of overlapping entities (usually one or two), so a text
  // with a hundred thousand entities costs a sort, not a comparison of every pair.
  const kept: PiiEntity[] = [];
  let groupStart = 0;
  let groupEnd = -1;
  const close = (end: number): void => {
    // Most runs hold one entity: kept as it is, with no array made for it.
    if (end - groupStart === 1) kept.push(all[groupStart]!);
    else for (const entity of resolved(all.slice(groupStart, end))) kept.push(entity);
  };
  for (let index = 0; index < all.length; index++) {
    const entity = all[index]!;
    if (entity.start >= groupEnd && index > groupStart) {
      close(index);
      groupStart = index;
    }
    groupEnd = Math.max(groupEnd, entity.end);
  }
  if (all.length > 0) close(all.length);
  return kept;
}

/**
 * One run of overlapping entities: a secret wins any overlap (the password in a connection string
 * looks like an email's local part); otherwise the more confident, then the longer. In text order.
 */
function resolved(group: PiiEntity[]): PiiEntity[] {
  if (group.length <= 1) return group;
  const rank = (entity: PiiEntity) => (entity.type === 'secret' ? 1 : 0);
  const ordered = [...group].sort(
    (left, right) =>
      rank(right) - rank(left) ||
      right.confidence - left.confidence ||
      right.end - right.start - (left.end - left.start) ||
      left.start - right.start,
  );
  const kept: PiiEntity[] = [];
  for (const entity of ordered) {
    if (kept.some((other) => entity.start < other.end && other.start < entity.end)) continue;
    kept.push(entity);
  }
  return kept.sort((left, right) => left.start - right.start);
}
