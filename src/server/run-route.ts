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
  /** For an attempt answering with a stream: keeps its deployment in flight until the returned call. */
  keepOpen?: () => () => void;
}

export type Attempt<Result> = (target: ResolvedTarget, context: AttemptContext) => Promise<Result>;

/**
 * A check of each model's answer before it is served (the json-schema output check): it returns
 * the answer to serve, may run the same model again with other attempts (`again`), or throws, and
 * a fallback model whose conditions match the error then takes the request.
 */
export type Acceptance<Result> = (
  result: Result,
  again: (attempt: Attempt<Result>) => Promise<Result>,
) => Promise<Result>;

export async function runRoute<Result>(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  route: ResolvedModel,
  kind: ModelKind,
  attempt: Attempt<Result>,
  accept?: Acceptance<Result>,
  /** Calls the attempts off when it fires; default: the client leaving. */
  cancellation: Cancellation = exchange,
): Promise<{ result: Result; headers: Record<string, string> }> {
  const config = gateway.configs.current;
  const { result: served, route: servedRoute } = await withFallbacks(
    route,
    {
      byName: (model) => resolveModel(config, model, kind),
      longerThan: (current) => longerContextModels(config, current, kind),
    },
    async (current) => {
      const once = (run: Attempt<Result>) =>
        runModel(exchange, gateway, trail, current, run, cancellation, route);
      const served = await once(attempt);
      if (accept === undefined) return served;
      let last = served;
      const result = await accept(served.outcome.result, async (run) => {
        last = await once(run);
        return last.outcome.result;
      });
      return { plan: last.plan, outcome: { ...last.outcome, result } };
    },
  );
  const { plan, outcome } = served;
  return {
    result: outcome.result,
    headers: routingHeaders({
      // Every attempt of the request: the earlier models' too when a fallback model answered.
      outcome: { ...outcome, attempts: Math.max(outcome.attempts, trail.attempts.length) },
      plan,
      requested: route,
      answered: servedRoute,
    }),
  };
}

/** One model's run: its plan and its attempts, with retries, breakers and hedging. */
async function runModel<Result>(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  current: ResolvedModel,
  attempt: Attempt<Result>,
  cancellation: Cancellation,
  requested: ResolvedModel,
) {
  const config = gateway.configs.current;
  // Every model of the request, fallbacks included, runs under the requested model's deadline.
  const plan = planAttempts(exchange, gateway, current, trail, requested);
  // Attempts of a fallback model are numbered on from the earlier models' attempts.
  const offset = trail.attempts.length;
  const outcome = await withRetries(
    plan.targets,
    config.defaults.retry,
    plan.attemptsEnd,
    cancellation,
    ({ target, number, cancellation, keepOpen }) =>
      trackAttempt(trail, cancellation, target, offset + number, (attemptTrail, traceHeaders) =>
        attempt(target, {
          number: offset + number,
          cancellation,
          deadline: attemptDeadline(plan.attemptsEnd, target),
          trail: attemptTrail,
          traceHeaders,
          keepOpen,
        }),
      ),
    gateway.targetHealth,
    hedgePolicy(current, gateway.deploymentStats),
  );
  trail.noteWinner(offset + outcome.number);
  return { plan, outcome };
}
