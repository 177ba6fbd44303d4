// Rules of one model's routing that the schema alone cannot see: weights that leave nothing to
// pick, stickiness or weights on a route that does not balance, a target allowed more time than
// the whole request, a hedge with nowhere to go or never sent in time. Runs on the raw
// (interpolated) model entry, like check-config.ts.

import type { PathSegment } from './key-path.js';
import { isEntries, type CheckProblem, type Entries } from './raw-entries.js';
import { timeoutDefaults } from './model-schema.js';

export function checkBalance(path: PathSegment[], model: Entries, defaults: unknown): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const targets = Array.isArray(model.targets) ? model.targets.filter(isEntries) : [];
  const balance = typeof model.balance === 'string' ? model.balance : 'priority';
  const weights = targets.map((target) => (target.weight === undefined ? 1 : Number(target.weight)));
  if (balance === 'weighted' && weights.every((weight) => weight === 0)) {
    problems.push({
      path: [...path, 'targets'],
      message: 'the weights add up to zero: no target could be picked',
    });
  }
  if (balance !== 'weighted') {
    targets.forEach((target, index) => {
      if (target.weight !== undefined)
        problems.push({
          path: [...path, 'targets', index, 'weight'],
          message: `a weight applies only with "balance: weighted" (this model balances by ${balance})`,
        });
    });
  }
  if (model.sticky !== undefined && balance === 'priority') {
    problems.push({
      path: [...path, 'sticky'],
      message:
        'sticky routing picks among equivalent targets: set "balance" (weighted, least-in-flight or latency)',
    });
  }
  if (model.hedge !== undefined && targets.length < 2) {
    problems.push({
      path: [...path, 'hedge'],
      message: 'a hedge goes to another target: this model has only one',
    });
  }
  const requestTotal =
    totalOf(model.timeouts) ?? totalOf(isEntries(defaults) ? defaults.timeouts : undefined);
  const bound = requestTotal ?? timeoutDefaults.totalMs;
  targets.forEach((target, index) => {
    const total = totalOf(target.timeouts);
    if (total !== undefined && total > bound) {
      problems.push({
        path: [...path, 'targets', index, 'timeouts', 'totalMs'],
        message: `${total} ms is longer than the whole request may take (the model's totalMs, ${bound} ms)`,
      });
    }
  });
  const hedgeDelay = isEntries(model.hedge) ? Number(model.hedge.delayMs) : Number.NaN;
  if (Number.isFinite(hedgeDelay) && hedgeDelay >= bound) {
    problems.push({
      path: [...path, 'hedge', 'delayMs'],
      message: `${hedgeDelay} ms: the hedge would never be sent before the request's end (totalMs ${bound} ms)`,
    });
  }
  return problems;
}

function totalOf(timeouts: unknown): number | undefined {
  if (!isEntries(timeouts) || timeouts.totalMs === undefined) return undefined;
  const total = Number(timeouts.totalMs);
  return Number.isFinite(total) ? total : undefined;
}
