// A route's input checks on one scanned text (scan-verdict.ts): for the gateway's own checks (pii,
// injection), what each finds with the route's options (types, minimumConfidence) and whether its
// action would apply, as local-checks.ts decides on a request. External checks (webhook, lakera,
// azure-prompt-shields) are never called outside a request: their verdict says they were skipped.

import type { GuardrailAction, InputCheck } from '../config/guardrails-schema.js';
import type { ScanEntity, ScanInjection } from './scan-verdict.js';

export type ScanCheckVerdict =
  | { check: 'pii'; action: GuardrailAction; tripped: boolean; score: number; entities: ScanEntity[] }
  | { check: 'injection'; action: GuardrailAction; tripped: boolean; score: number; rules: string[] }
  | { check: 'webhook' | 'lakera' | 'azure-prompt-shields'; action: GuardrailAction; skipped: string };

export const externalCheckSkipped = 'not called by a scan: external checks run on requests only';

/**
 * @param injection the text's injection verdict in its mode (the check uses the detector's thresholds)
 * @param entitiesAt the text's entities at or above a confidence floor
 */
export function scanChecks(
  checks: readonly InputCheck[],
  injection: ScanInjection,
  entitiesAt: (minimumConfidence: number) => ScanEntity[],
): ScanCheckVerdict[] {
  return checks.map((check): ScanCheckVerdict => {
    switch (check.check) {
      case 'pii': {
        const types = check.types === undefined ? undefined : new Set<string>(check.types);
        const entities = entitiesAt(check.minimumConfidence).filter(
          (entity) => types?.has(entity.type) ?? true,
        );
        // A loop, not Math.max(...): a megabyte of text can hold a hundred thousand entities.
        let score = 0;
        for (const entity of entities) score = Math.max(score, entity.confidence);
        return { check: 'pii', action: check.action, tripped: entities.length > 0, score, entities };
      }
      case 'injection':
        return {
          check: 'injection',
          action: check.action,
          tripped: injection.tripped,
          score: injection.score,
          rules: injection.rules,
        };
      case 'webhook':
      case 'lakera':
      case 'azure-prompt-shields':
        return { check: check.check, action: check.action, skipped: externalCheckSkipped };
    }
  });
}
