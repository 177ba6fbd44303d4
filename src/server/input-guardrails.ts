// The route's input checks on one request (docs/guardrails.md), in order, before the cache and the
// router: each scans the request's texts (pii: personal data; injection: users' turns and tool
// results) and acts on what it finds — refuses the request (a 400
// naming the check and a reference id, never the matched text), replaces the values by
// placeholders the answer is restored from, masks them for good, or only records a verdict. The
// rewritten body is what the cache keys on, the provider receives and the request log keeps. The
// gateway's own checks run on the event loop for ordinary prompts and in worker threads for
// large ones (guard/check-thread.ts; injection beside the others, guard/parallel-checks.ts);
// checks that cannot finish there refuse the request.

import {
  defaultSources,
  type ExternalCheck,
  type InputCheck,
  type LocalInputCheck,
} from '../config/guardrails-schema.js';
import { externalRequest, externalVerdict, type CheckedText } from '../guard/external-checks.js';
import type { SendCheck } from './external-check.js';
import type { Dialect } from '../core/index.js';
import { GatewayError } from '../errors.js';
import { ReversibleRedaction } from '../guard/pii/reversible-redaction.js';
import { CheckThread } from '../guard/check-thread.js';
import { mergeOutcomes, splitChecks } from '../guard/parallel-checks.js';
import {
  runLocalChecks,
  textLength,
  type LocalChecksInput,
  type LocalChecksOutcome,
} from '../guard/local-checks.js';
import { mapTexts, type TextSource } from '../guard/text-fields.js';
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
  let index = 0;
  while (index < checks.length) {
    const check = checks[index]!;
    if (isExternal(check)) {
      await runExternalCheck(check, dialect, guarded.body, requestId, verdicts, send);
      index += 1;
      continue;
    }
    // A run of the gateway's own checks goes together: inline, or in a worker for a large prompt.
    const run: LocalInputCheck[] = [];
    while (index < checks.length && !isExternal(checks[index]!)) run.push(checks[index++] as LocalInputCheck);
    const input = {
      dialect,
      body: guarded.body,
      checks: run,
      requestId,
      redaction: guarded.redaction?.pairs() ?? [],
    };
    const outcome = await localChecks(input);
    verdicts.push(...outcome.verdicts);
    if (outcome.refusal !== undefined) throw new GatewayError('guardrail_blocked', outcome.refusal);
    if (outcome.changed) {
      guarded.body = outcome.body;
      guarded.changed = true;
      if (outcome.redaction.length > 0) guarded.redaction = ReversibleRedaction.fromPairs(outcome.redaction);
    }
  }
  return guarded;
}

/**
 * Prompts with more text than this are checked in the worker thread: about 0.5 ms of scanning on
 * the event loop; a megabyte would hold it for tens of milliseconds.
 */
export const largePromptCharacters = 16_384;
/** A large prompt's checks that take longer than this refuse the request. */
const workerTimeoutMs = 2000;
let thread: CheckThread | undefined;
/** The second thread: a large prompt's injection checks, beside the others (parallel-checks.ts). */
let readingThread: CheckThread | undefined;

async function localChecks(input: LocalChecksInput): Promise<LocalChecksOutcome> {
  if (textLength(input.dialect, input.body) <= largePromptCharacters) return runLocalChecks(input);
  thread ??= new CheckThread();
  try {
    const split = splitChecks(input.checks);
    if (split === undefined) return await thread.run(input, workerTimeoutMs);
    readingThread ??= new CheckThread();
    const [reading, rewriting] = await Promise.all([
      readingThread.run({ ...input, checks: split.reading }, workerTimeoutMs),
      thread.run({ ...input, checks: split.rewriting }, workerTimeoutMs),
    ]);
    return mergeOutcomes(input.checks, reading, rewriting);
  } catch (error) {
    throw new GatewayError(
      'guardrail_blocked',
      `The request was refused: its guardrail checks could not finish (${error instanceof Error ? error.message : String(error)}). Reference: ${input.requestId}.`,
    );
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
  const sources = new Set<TextSource>(check.sources ?? defaultSources(check.check));
  mapTexts(dialect, body, (text, source) => {
    if (sources.has(source)) texts.push({ text, source });
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
