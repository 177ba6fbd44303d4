// The route's input checks on one request (docs/guardrails.md), in order, before the cache and the
// router: each scans the request's texts (pii: personal data; injection: users' turns and tool
// results) and acts on what it finds — refuses the request (a 400
// naming the check and a reference id, never the matched text), replaces the values by
// placeholders the answer is restored from, masks them for good, or only records a verdict. The
// rewritten body is what the cache keys on, the provider receives and the request log keeps.

import type { ExternalCheck, InputCheck, LocalInputCheck } from '../config/guardrails-schema.js';
import { externalRequest, externalVerdict, type CheckedText } from '../guard/external-checks.js';
import type { SendCheck } from './external-check.js';
import type { Dialect } from '../core/index.js';
import { GatewayError } from '../errors.js';
import { maskEntities, ReversibleRedaction } from '../guard/pii/reversible-redaction.js';
import { scanPii } from '../guard/pii/scan-pii.js';
import { mapTexts } from '../guard/text-fields.js';
import { detectInjection } from '../guard/injection/detect-injection.js';
import type { GuardrailVerdict } from '../telemetry/request-record.js';

export interface GuardedInput {
  body: Record<string, unknown>;
  /** The body was rewritten (redacted or masked): it must be parsed again. */
  changed: boolean;
  /** Set when values were replaced by placeholders: the answer is restored from it. */
  redaction: ReversibleRedaction | undefined;
}

export async function runInputChecks(
  dialect: Dialect,
  body: Record<string, unknown>,
  checks: readonly InputCheck[],
  requestId: string,
  /** Where each check's verdict goes (the request's trail), a refused request's included. */
  verdicts: GuardrailVerdict[],
  /** Sends an external check (external-check.ts). */
  send: SendCheck,
): Promise<GuardedInput> {
  const guarded: GuardedInput = { body, changed: false, redaction: undefined };
  for (const check of checks) {
    if (isExternal(check)) {
      await runExternalCheck(check, dialect, guarded.body, requestId, verdicts, send);
      continue;
    }
    runLocalCheck(check);
  }
  return guarded;

  /** A check the gateway runs itself (pii, injection): it may rewrite the body. */
  function runLocalCheck(check: LocalInputCheck): void {
    const started = performance.now();
    const found: Record<string, number> = {};
    let score = 0;
    const types = check.types === undefined ? undefined : new Set<string>(check.types);
    const rewrite = check.action === 'redact' || check.action === 'mask';
    const redaction =
      check.action === 'redact' ? (guarded.redaction ?? new ReversibleRedaction()) : undefined;
    const mapped = mapTexts(dialect, guarded.body, (text, source) => {
      if (check.check === 'injection') {
        // The caller's own system prompt and the model's turns are not scored; a tool's output is
        // read as a document (it may legitimately hold imperative text).
        if (source === 'system' || source === 'assistant') return text;
        const verdict = detectInjection(text, source === 'tool' ? 'document' : 'prompt');
        if (verdict.tripped) {
          const label = source === 'tool' ? 'injection in a tool result' : 'injection';
          found[label] = (found[label] ?? 0) + 1;
        }
        score = Math.max(score, verdict.score);
        return text;
      }
      const entities = scanPii(text, check.minimumConfidence).filter(
        (entity) => types?.has(entity.type) ?? true,
      );
      for (const entity of entities) {
        const label = entity.kind ?? entity.type;
        found[label] = (found[label] ?? 0) + 1;
        score = Math.max(score, entity.confidence);
      }
      if (!rewrite || entities.length === 0) return text;
      return redaction !== undefined ? redaction.redact(text, entities) : maskEntities(text, entities);
    });
    const any = Object.keys(found).length > 0;
    const verdict: GuardrailVerdict = {
      check: check.check,
      stage: 'input',
      action: any ? check.action : 'allow',
      latencyMs: Number((performance.now() - started).toFixed(3)),
    };
    if (any) Object.assign(verdict, { found });
    if (any || check.check === 'injection') verdict.score = Number(score.toFixed(3));
    verdicts.push(verdict);
    if (!any) return;
    if (check.action === 'block') {
      throw new GatewayError(
        'guardrail_blocked',
        `The request was refused by the route's "${check.check}" guardrail: it contains ${Object.keys(found).join(', ')}. Reference: ${requestId}.`,
      );
    }
    if (rewrite) {
      guarded.body = mapped;
      guarded.changed = true;
      if (redaction !== undefined && redaction.size > 0) guarded.redaction = redaction;
    }
  }
}

function isExternal(check: InputCheck): check is ExternalCheck {
  return check.check === 'webhook' || check.check === 'lakera' || check.check === 'azure-prompt-shields';
}

/** One external check: the texts to its service, its verdict, and the action or the failure policy. */
async function runExternalCheck(
  check: ExternalCheck,
  dialect: Dialect,
  body: Record<string, unknown>,
  requestId: string,
  verdicts: GuardrailVerdict[],
  send: SendCheck,
): Promise<void> {
  const started = performance.now();
  const texts: CheckedText[] = [];
  mapTexts(dialect, body, (text, source) => {
    if (source === 'user' || source === 'tool') texts.push({ text, source });
    return text;
  });
  const verdict: GuardrailVerdict = { check: check.check, stage: 'input', action: 'allow', latencyMs: 0 };
  let flagged = false;
  let reason: string | undefined;
  try {
    const answer = await send(externalRequest(check, texts, requestId), check.timeoutMs);
    const decided = externalVerdict(check, answer.status, answer.answer);
    flagged = decided.flagged;
    reason = decided.reason;
    if (decided.score !== undefined) verdict.score = decided.score;
  } catch (error) {
    verdict.error =
      error instanceof Error && error.name === 'TimeoutError'
        ? 'timeout'
        : String(error instanceof Error ? error.message : error);
    flagged = check.failure === 'closed';
    reason = `the ${check.check} check could not decide (${verdict.error})`;
  }
  verdict.latencyMs = Number((performance.now() - started).toFixed(3));
  if (flagged) {
    verdict.action = check.action;
    verdict.found = { [reason ?? 'flagged']: 1 };
  }
  verdicts.push(verdict);
  if (flagged && check.action === 'block') {
    throw new GatewayError(
      'guardrail_blocked',
      `The request was refused by the route's "${check.check}" guardrail${reason === undefined ? '' : `: ${reason}`}. Reference: ${requestId}.`,
    );
  }
}
