// One text's verdict outside a request (`switchyard guard scan`, POST /admin/guard/scan): the
// injection score at the detector's defaults (as a prompt, or as a document) and the PII and
// secrets found with their offsets; with a route's input checks, what each would do. Pure, so it
// runs on the event loop for a few texts and in scan-worker.ts for large ones, with one result.

import type { InputCheck } from '../config/guardrails-schema.js';
import { detectInjection } from './injection/detect-injection.js';
import type { PiiEntity } from './pii/pii-entity.js';
import { scanPii } from './pii/scan-pii.js';
import { scanChecks, type ScanCheckVerdict } from './scan-checks.js';

export type ScanMode = 'user' | 'document';

export interface ScanText {
  text: string;
  mode: ScanMode;
}

export interface ScanEntity {
  type: PiiEntity['type'];
  /** For secrets: which kind (aws-access-key, openai-key, ...). */
  kind?: string;
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
  confidence: number;
}

export interface ScanInjection {
  score: number;
  tripped: boolean;
  /** Ids of the rules that matched; empty when the classifier alone decided. */
  rules: string[];
}

export interface ScanVerdict {
  mode: ScanMode;
  injection: ScanInjection;
  entities: ScanEntity[];
  /** Only with a route: its input checks, in order, and what each would do. */
  checks?: ScanCheckVerdict[];
}

export interface ScanRequest {
  texts: ScanText[];
  /** A route's input checks; undefined: the detectors' defaults only. */
  checks?: readonly InputCheck[] | undefined;
}

/** The default minimum confidence of an entity, the one a pii check has unless it says otherwise. */
const defaultConfidence = 0.5;

export function scanVerdicts(request: ScanRequest): ScanVerdict[] {
  return request.texts.map(({ text, mode }) => scanVerdict(text, mode, request.checks));
}

export function scanVerdict(text: string, mode: ScanMode, checks?: readonly InputCheck[]): ScanVerdict {
  // Each confidence floor is scanned once: checks at the default floor reuse the default entities.
  const scans = new Map<number, ScanEntity[]>();
  const entitiesAt = (minimumConfidence: number): ScanEntity[] => {
    let found = scans.get(minimumConfidence);
    if (found === undefined) {
      found = scanPii(text, minimumConfidence).map(toScanEntity);
      scans.set(minimumConfidence, found);
    }
    return found;
  };
  const detected = detectInjection(text, mode === 'document' ? 'document' : 'prompt');
  const injection = {
    score: Number(detected.score.toFixed(3)),
    tripped: detected.tripped,
    rules: detected.rules,
  };
  const verdict: ScanVerdict = { mode, injection, entities: entitiesAt(defaultConfidence) };
  if (checks !== undefined) verdict.checks = scanChecks(checks, injection, entitiesAt);
  return verdict;
}

function toScanEntity(entity: PiiEntity): ScanEntity {
  return {
    type: entity.type,
    ...(entity.kind === undefined ? {} : { kind: entity.kind }),
    start: entity.start,
    end: entity.end,
    confidence: Number(entity.confidence.toFixed(2)),
  };
}
