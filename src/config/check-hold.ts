// Load-time checks of the `guardrails.hold` blocks (routes', teams' and keys') that the schema
// cannot make: the signing secret's environment variable is set, and the request log is on (held
// answers are stored with their review item, which is written with the request's record).

import type { Env } from './interpolate-env.js';
import { isEntries, type CheckProblem } from './raw-entries.js';
import type { PathSegment } from './key-path.js';

export function checkHold(raw: unknown, env: Env): CheckProblem[] {
  if (!isEntries(raw)) return [];
  const problems: CheckProblem[] = [];
  const blocks: Array<{ path: PathSegment[]; hold: unknown }> = [];
  const collect = (owner: unknown, path: PathSegment[]) => {
    if (!isEntries(owner)) return;
    for (const [name, entry] of Object.entries(owner)) {
      if (isEntries(entry) && isEntries(entry.guardrails) && entry.guardrails.hold !== undefined)
        blocks.push({ path: [...path, name, 'guardrails', 'hold'], hold: entry.guardrails.hold });
    }
  };
  collect(raw.models, ['models']);
  if (isEntries(raw.guardrails)) {
    for (const owner of ['teams', 'keys'] as const) {
      const policies = raw.guardrails[owner];
      if (!isEntries(policies)) continue;
      for (const [id, policy] of Object.entries(policies)) {
        if (isEntries(policy) && policy.hold !== undefined)
          blocks.push({ path: ['guardrails', owner, id, 'hold'], hold: policy.hold });
      }
    }
  }
  const recordsOff = isEntries(raw.records) && String(raw.records.enabled).trim().toLowerCase() === 'false';
  for (const { path, hold } of blocks) {
    if (!isEntries(hold)) continue;
    const name = hold.secretEnv;
    if (typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !env[name]) {
      problems.push({
        path: [...path, 'secretEnv'],
        message: `the environment variable ${name} (the callback's signing secret) is not set or is empty`,
      });
    }
    if (recordsOff) {
      problems.push({
        path,
        message: 'held answers are kept with the request log: records.enabled must not be false',
      });
    }
  }
  return problems;
}
