// Starts the fixed pieces every run measures against: the mock upstream (which is also the direct
// target) and the bare reference proxy, each in its own `node` process from the transpiled bench.

import { join } from 'node:path';
import { startService } from './child-service.js';
import type { Service } from './child-service.js';
import { defaultApiKey } from './mock-upstream.js';
import type { Target } from './target.js';

export const benchModel = 'gpt-4o-mini';

/** Env for reference children: only what node needs, so nothing in the caller's shell leaks in. */
function baseEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, LANG, TMPDIR } = process.env;
  return Object.fromEntries(
    Object.entries({ PATH, HOME, LANG, TMPDIR }).filter(([, value]) => value !== undefined),
  );
}

export function readyUrl(pattern: RegExp): (lines: readonly string[]) => string | undefined {
  return (lines) => {
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match?.[1]) return match[1];
    }
    return undefined;
  };
}

export async function startMockService(buildDirectory: string): Promise<Service<string>> {
  return startService({
    name: 'mock upstream',
    command: process.execPath,
    args: [join(buildDirectory, 'mock-upstream.js')],
    env: baseEnv(),
    ready: readyUrl(/^mock upstream listening on (http:\/\/\S+)$/),
    timeoutMs: 15_000,
  });
}

export function directTarget(mock: Service<string>): Target {
  return {
    name: 'direct',
    origin: mock.ready,
    authorization: `Bearer ${defaultApiKey}`,
    model: benchModel,
    pid: mock.pid,
    stop: async () => undefined, // the mock outlives every target
  };
}

export async function startBareTarget(buildDirectory: string, mockUrl: string): Promise<Target> {
  const service = await startService({
    name: 'bare proxy',
    command: process.execPath,
    args: [join(buildDirectory, 'bare-proxy.js'), mockUrl],
    env: baseEnv(),
    ready: readyUrl(/^bare proxy listening on (http:\/\/\S+)$/),
    timeoutMs: 15_000,
  });
  return {
    name: 'bare',
    origin: service.ready,
    authorization: `Bearer ${defaultApiKey}`,
    model: benchModel,
    pid: service.pid,
    stop: () => service.stop(),
  };
}
