// One request's way through the router, the same for chat and embeddings: its model, then its
// fallback models; for each, a plan (deadline, order of targets), attempts with retries, breakers
// and hedging, every attempt noted on the trail. Returns the answer and the headers that say how
// it was reached. The model's totalMs (or the client's budget) bounds the whole request; each
// attempt is also bounded by its own target's totalMs, so a hung target leaves time for the next.

import { longerContextModels } from '../config/longer-context.js';
import { resolveModel, type ResolvedModel, type ResolvedTarget } from '../config/resolve-model.js';
import type { Cancellation } from '../core/index.js';
import type { ModelKind } from '../config/model-schema.js';
import { attemptDeadline } from '../routing/attempt-deadline.js';
import { hedgePolicy } from '../routing/hedge-policy.js';
import { withFallbacks } from '../routing/with-fallbacks.js';
import { withRetries } from '../routing/with-retries.js';
import type { AttemptTrail, RequestTrail } from '../telemetry/request-trail.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';
import { planAttempts } from './plan-attempts.js';
import { routingHeaders } from './routing-headers.js';
import { trackAttempt } from './start-trail.js';

export interface AttemptContext {
  /** Unique within the request, across its fallback models. */
  number: number;
  cancellation: Cancellation;
  /** When this attempt must end. */
  deadline: number;
  trail: AttemptTrail;
  traceHeaders: Record<string, string>;
}

export async function runRoute<Result>(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  route: ResolvedModel,
  kind: ModelKind,
  attempt: (target: ResolvedTarget, context: AttemptContext) => Promise<Result>,
): Promise<{ result: Result; headers: Record<string, string> }> {
  const config = gateway.configs.current;
  const { result: served, route: servedRoute } = await withFallbacks(
    route,
    {
      byName: (model) => resolveModel(config, model, kind),
      longerThan: (current) => longerContextModels(config, current, kind),
    },
    async (current) => {
      const plan = planAttempts(exchange, gateway, current, trail);
      // Attempts of a fallback model are numbered on from the earlier models' attempts.
      const offset = trail.attempts.length;
      const outcome = await withRetries(
        plan.targets,
        config.defaults.retry,
        plan.attemptsEnd,
        exchange,
        ({ target, number, cancellation }) =>
          trackAttempt(trail, cancellation, target, offset + number, (attemptTrail, traceHeaders) =>
            attempt(target, {
              number: offset + number,
              cancellation,
              deadline: attemptDeadline(plan.attemptsEnd, target),
              trail: attemptTrail,
              traceHeaders,
            }),
          ),
        gateway.targetHealth,
        hedgePolicy(current, gateway.deploymentStats),
      );
      trail.noteWinner(offset + outcome.number);
      return { plan, outcome };
    },
  );
  const { plan, outcome } = served;
  return {
    result: outcome.result,
    headers: routingHeaders({ outcome, plan, requested: route, answered: servedRoute }),
  };
}
