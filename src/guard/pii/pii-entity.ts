// What a PII or secret detector reports: the entity's type, where it is in the text (UTF-16
// offsets, end exclusive), and how sure the detector is (0–1), raised or lowered by context words.

export const entityTypes = [
  'email',
  'phone',
  'card',
  'iban',
  'ssn',
  'ip-address',
  'date-of-birth',
  'secret',
  'person-name',
  'postal-address',
] as const;

export type EntityType = (typeof entityTypes)[number];

/** What an output check can find: a PII type, or a phrase from a route's banned list (guard/banned-phrases.ts). */
export type FindingType = EntityType | 'phrase';

export interface PiiEntity {
  type: FindingType;
  start: number;
  end: number;
  /** 0–1. */
  confidence: number;
  /** For secrets: which kind (aws-access-key, openai-key, private-key, jwt, ...); for phrases: which entry of the list. */
  kind?: string;
}
