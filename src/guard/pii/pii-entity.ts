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

export interface PiiEntity {
  type: EntityType;
  start: number;
  end: number;
  /** 0–1. */
  confidence: number;
  /** For secrets: which kind (aws-access-key, openai-key, private-key, jwt, ...). */
  kind?: string;
}

export type Detector = (text: string) => PiiEntity[];
