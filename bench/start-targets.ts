// Starts the requested targets and checks each answers correctly before any load. A broken direct
// or bare target means the harness itself is broken (fatal); a gateway that is missing or fails its
// check is left out with the reason, so direct vs bare is still reported.

import type { Service } from './child-service.js';
import { startGatewayTarget } from './gateway-target.js';
import { preflight } from './preflight.js';
import { directTarget, startBareTarget } from './reference-targets.js';
import type { Target, TargetName } from './target.js';

export interface StartedTargets {
  targets: Target[];
  notes: string[];
}

export async function startTargets(options: {
  only: readonly TargetName[];
  buildDirectory: string;
  repoRoot: string;
  mock: Service<string>;
}): Promise<StartedTargets> {
  const targets: Target[] = [];
  const notes: string[] = [];
  try {
    if (options.only.includes('direct')) targets.push(directTarget(options.mock));
    if (options.only.includes('bare'))
      targets.push(await startBareTarget(options.buildDirectory, options.mock.ready));
    for (const target of targets) {
      const problem = await preflight(target);
      if (problem)
        throw new Error(`the ${target.name} target fails its check, so the harness is broken: ${problem}`);
    }
    if (options.only.includes('gateway')) {
      const gateway = await startGateway(options.repoRoot, options.mock.ready, notes);
      if (gateway) targets.push(gateway);
    }
  } catch (error) {
    await Promise.all(targets.map((target) => target.stop()));
    throw error;
  }
  return { targets, notes };
}

async function startGateway(repoRoot: string, mockUrl: string, notes: string[]): Promise<Target | undefined> {
  const started = await startGatewayTarget({ repoRoot, mockUrl });
  if ('unavailable' in started) {
    notes.push(started.unavailable);
    return undefined;
  }
  notes.push(...started.warnings);
  const problem = await preflight(started.target);
  if (!problem) return started.target;
  notes.push(`gateway not measured: it fails the preflight check: ${problem}`);
  await started.target.stop();
  return undefined;
}
