// All PII and secret detectors over one text: their entities, overlaps resolved (the more
// confident, then the longer, wins; a secret always wins), in text order, at or above a confidence
// floor.

import { detectCards } from './detect-card.js';
import { detectDatesOfBirth } from './detect-date-of-birth.js';
import { detectEmails } from './detect-email.js';
import { detectIbans } from './detect-iban.js';
import { detectIpAddresses } from './detect-ip.js';
import { detectPhones, phoneValidations, type PhoneBudget } from './detect-phone.js';
import { detectSecrets } from './detect-secrets.js';
import { detectSsns } from './detect-ssn.js';
import { detectPostalAddresses } from './detect-postal-addresses.js';
import { detectPersonNames } from './detect-person-names.js';
import type { PiiEntity } from './pii-entity.js';

/** What a scan may spend, shared across the texts of one request (see newScanBudget). */
export interface ScanBudget {
  phones: PhoneBudget;
}

/** A fresh budget: one per request's check run, so many small texts cost no more than one large one. */
export function newScanBudget(): ScanBudget {
  return { phones: { validations: phoneValidations } };
}

/** Secrets first: a key that happens to contain a phone-like run is a key. */
const detectors: Array<(text: string, budget: ScanBudget) => PiiEntity[]> = [
  detectSecrets,
  detectEmails,
  detectCards,
  detectIbans,
  detectSsns,
  (text, budget) => detectPhones(text, 'US', budget.phones),
  detectIpAddresses,
  (text: string) => detectDatesOfBirth(text),
  detectPostalAddresses,
  detectPersonNames,
];

/** Every entity in `text` at or above the confidence floor; `budget` defaults to one for this text alone. */
export function scanPii(text: string, minimumConfidence = 0.5, budget = newScanBudget()): PiiEntity[] {
  // A loop, not flatMap and filter: on a megabyte with 60,000 entities those cost milliseconds.
  const all: PiiEntity[] = [];
  for (const detect of detectors) {
    for (const entity of detect(text, budget)) if (entity.confidence >= minimumConfidence) all.push(entity);
  }
  // Each detector's list is (mostly) in text order already: the sort merges runs, and a text of
  // one kind (a megabyte of card numbers) is in order as found, with no comparison called.
  if (!inStartOrder(all)) all.sort((left, right) => left.start - right.start);
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

function inStartOrder(entities: readonly PiiEntity[]): boolean {
  for (let index = 1; index < entities.length; index++) {
    if (entities[index]!.start < entities[index - 1]!.start) return false;
  }
  return true;
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
