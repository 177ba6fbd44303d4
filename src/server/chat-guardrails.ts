// A route's guardrails around one chat call (docs/guardrails.md), in the handler's order: the
// input checks before the cache (a rewritten body is what the cache keys on, the provider gets and
// the log keeps); the output guard the answer passes through; and, after a cache miss, what only
// the provider sees — spotlighted tool results and a canary in the system prompt (per request and
// random, so never part of a cache key).

import { randomBytes } from 'node:crypto';
import { spotlightsToolResults, wantsCanary } from '../config/guardrails-schema.js';
import type { ResolvedModel } from '../config/resolve-model.js';
import { systemPromptOf, withCanary } from '../guard/leakage.js';
import type { ReversibleRedaction } from '../guard/pii/reversible-redaction.js';
import type { ChatCall } from '../pipeline/chat-types.js';
import type { OutputGuard } from '../pipeline/output-guardrails.js';
import type { RequestTrail } from '../telemetry/request-trail.js';
import type { DialectEdge } from './dialect-edge.js';
// Types only: the modules themselves load on first use.
import type * as ExternalCheck from './external-check.js';
import type * as InputGuardrails from './input-guardrails.js';
import type * as Spotlight from '../guard/spotlight-tool-results.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';

type Parsed = ReturnType<DialectEdge['parseChat']>;

let loading: Promise<[typeof InputGuardrails, typeof ExternalCheck]> | undefined;

/**
 * Loaded on first use: the detectors' tables (phone numbering plans, weights) are large. Loaded
 * once: an import() per request costs about 14 µs even for a module already loaded.
 */
function inputCheckModules() {
  loading ??= Promise.all([import('./input-guardrails.js'), import('./external-check.js')]);
  return loading;
}

/** The input checks: the body to go on with (parsed again when rewritten) and any redaction. */
export async function guardInput(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  route: ResolvedModel,
  parsed: Parsed,
): Promise<{ parsed: Parsed; redaction: ReversibleRedaction | undefined }> {
  if (route.inputChecks.length === 0) return { parsed, redaction: undefined };
  const [{ runInputChecks }, { checkSender }] = await inputCheckModules();
  const guarded = await runInputChecks(
    exchange.dialect,
    parsed.body,
    route.inputChecks,
    exchange.requestId,
    trail.guardrails,
    checkSender(gateway),
  );
  if (!guarded.changed) return { parsed, redaction: undefined };
  const rewritten = gateway.edges[exchange.dialect].parseChat(guarded.body);
  trail.body = rewritten.body;
  return { parsed: rewritten, redaction: guarded.redaction };
}

/** The output checks the answer passes, when the route has any. */
export function outputGuard(
  exchange: Exchange,
  trail: RequestTrail,
  route: ResolvedModel,
  body: Record<string, unknown>,
): OutputGuard | undefined {
  if (route.outputChecks.length === 0) return undefined;
  return {
    checks: route.outputChecks,
    requestId: exchange.requestId,
    verdicts: trail.guardrails,
    // What a leakage check looks for; the canary is added for the provider (forProvider).
    leakage: { systemPrompt: systemPromptOf(exchange.dialect, body), canary: undefined },
  };
}

let spotlighting: Promise<typeof Spotlight> | undefined;

/** After a cache miss: tool results spotlighted and a canary added, for the provider only. */
export async function forProvider(
  exchange: Exchange,
  gateway: Gateway,
  route: ResolvedModel,
  call: ChatCall,
): Promise<void> {
  const edge = gateway.edges[exchange.dialect];
  const replace = (body: Record<string, unknown>): void => {
    const reparsed = edge.parseChat(body);
    Object.assign(call, { body: reparsed.body, canonical: reparsed.canonical });
  };
  if (spotlightsToolResults(route.inputChecks)) {
    spotlighting ??= import('../guard/spotlight-tool-results.js');
    const { spotlightToolResults } = await spotlighting;
    const spotlighted = spotlightToolResults(exchange.dialect, call.body);
    if (spotlighted !== undefined) replace(spotlighted);
  }
  const leakage = call.outputGuard?.leakage;
  if (leakage !== undefined && wantsCanary(route.outputChecks)) {
    const canary = `sy-${randomBytes(6).toString('hex')}`;
    const marked = withCanary(exchange.dialect, call.body, canary);
    if (marked !== undefined) {
      replace(marked);
      leakage.canary = canary;
    }
  }
}
