// The checks the gateway runs itself on a request's texts (pii, injection), as one pure step:
// what they found, the body rewritten where they redact or mask, and a refusal when one blocks.
// Pure so it can run on the event loop for ordinary prompts and in worker threads for large
// ones (check-thread.ts, parallel-checks.ts) with the same result. The redaction mapping travels
// as pairs.

import { defaultSources, type LocalInputCheck } from '../config/guardrails-schema.js';
import type { Dialect } from '../core/index.js';
import { foundVerdict, type CheckVerdict } from './check-verdict.js';
import { detectInjection } from './injection/detect-injection.js';
import { maskEntities } from './pii/mask-values.js';
import { ReversibleRedaction } from './pii/reversible-redaction.js';
import { newScanBudget, scanPii } from './pii/scan-pii.js';
import { mapTexts, type TextSource } from './text-fields.js';

export interface LocalChecksInput {
  dialect: Dialect;
  body: Record<string, unknown>;
  checks: LocalInputCheck[];
  requestId: string;
  /** The request's redaction so far, as [placeholder, value] pairs. */
  redaction: Array<[string, string]>;
}

export interface LocalChecksOutcome {
  body: Record<string, unknown>;
  changed: boolean;
  redaction: Array<[string, string]>;
  verdicts: CheckVerdict[];
  /** Set when a check blocks: the message of the refusal (never the matched text). */
  refusal?: string;
}

export function runLocalChecks(input: LocalChecksInput): LocalChecksOutcome {
  const { dialect, requestId } = input;
  const outcome: LocalChecksOutcome = {
    body: input.body,
    changed: false,
    redaction: input.redaction,
    verdicts: [],
  };
  let redaction = input.redaction.length > 0 ? ReversibleRedaction.fromPairs(input.redaction) : undefined;
  // One budget for every text of the request: a thousand small parts cost no more than one large.
  const budget = newScanBudget();
  for (const check of input.checks) {
    const started = performance.now();
    const found: Record<string, number> = {};
    let score = 0;
    const types = check.types === undefined ? undefined : new Set<string>(check.types);
    const rewrite = check.action === 'redact' || check.action === 'mask';
    const redacting = check.action === 'redact' ? (redaction ?? new ReversibleRedaction()) : undefined;
    const sources = new Set<TextSource>(check.sources ?? defaultSources(check.check));
    // Injection reads the texts as this run received them, before its own redaction or masking:
    // its verdict does not depend on where it stands, so a large prompt's injection checks can
    // run beside the others (parallel-checks.ts).
    const read = check.check === 'injection' ? input.body : outcome.body;
    const mapped = mapTexts(dialect, read, (text, source) => {
      if (!sources.has(source)) return text;
      if (check.check === 'injection') {
        // By default the caller's own system prompt and the model's turns are not scored; a tool's
        // output is read as a document (it may legitimately hold imperative text).
        const verdict = detectInjection(text, source === 'tool' ? 'document' : 'prompt');
        if (verdict.tripped) {
          const label = source === 'tool' ? 'injection in a tool result' : 'injection';
          found[label] = (found[label] ?? 0) + 1;
        }
        score = Math.max(score, verdict.score);
        return text;
      }
      const entities = scanPii(text, check.minimumConfidence, budget).filter(
        (entity) => types?.has(entity.type) ?? true,
      );
      for (const entity of entities) {
        const label = entity.kind ?? entity.type;
        found[label] = (found[label] ?? 0) + 1;
        score = Math.max(score, entity.confidence);
      }
      if (!rewrite || entities.length === 0) return text;
      return redacting !== undefined ? redacting.redact(text, entities) : maskEntities(text, entities);
    });
    const any = Object.keys(found).length > 0;
    outcome.verdicts.push(foundVerdict(check, 'input', found, score, started, check.check === 'injection'));
    if (!any) continue;
    if (check.action === 'block') {
      outcome.refusal = `The request was refused by the route's "${check.check}" guardrail: it contains ${Object.keys(found).join(', ')}. Reference: ${requestId}.`;
      return outcome;
    }
    if (rewrite) {
      outcome.body = mapped;
      outcome.changed = true;
      if (redacting !== undefined && redacting.size > 0) {
        redaction = redacting;
        outcome.redaction = redacting.pairs();
      }
    }
  }
  return outcome;
}

/** The characters of text a body holds, to choose where its checks run. */
export function textLength(dialect: Dialect, body: Readonly<Record<string, unknown>>): number {
  let length = 0;
  mapTexts(dialect, body, (text) => {
    length += text.length;
    return text;
  });
  return length;
}
