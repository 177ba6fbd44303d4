// Starts the real gateway exactly as the README does: `node dist/src/cli/main.js serve`, no config
// file, the env vars the OpenAI SDK reads pointing at the mock, a fresh temp data dir. No
// benchmark-only settings. Reports why when the gateway cannot be measured; never builds it.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './child-service.js';
import { writeProfileYaml } from './profile-yaml.js';
import { findFreePort } from './free-port.js';
import { defaultApiKey } from './mock-upstream.js';
import { benchModel } from './reference-targets.js';
import type { Target } from './target.js';

export const gatewayEntry = join('dist', 'src', 'cli', 'main.js');

export type GatewayStart = { target: Target; warnings: string[] } | { unavailable: string };

export interface GatewayReady {
  origin: string;
  virtualKey?: string;
}

const listeningPattern = /Switchyard listening on (http:\/\/[^\s/]+)/;
const keyPattern = /Virtual key \(shown once\): (sy-\S+)/;

/**
 * Ready once the listening line is out and either the virtual key was printed or a grace period
 * passed (the key may come before or after it; without one, the preflight check says so).
 */
export function gatewayReadiness(
  graceMs = 1000,
  now = Date.now,
): (lines: readonly string[]) => GatewayReady | undefined {
  let listeningSince: number | undefined;
  return (lines) => {
    const origin = lines.map((line) => listeningPattern.exec(line)?.[1]).find(Boolean);
    if (!origin) return undefined;
    const virtualKey = lines.map((line) => keyPattern.exec(line)?.[1]).find(Boolean);
    listeningSince ??= now();
    if (virtualKey || now() - listeningSince >= graceMs) return { origin, virtualKey };
    return undefined;
  };
}

/** The newest modification time of any source file under a folder, in ms. */
function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

export function gatewayEnv(mockUrl: string): NodeJS.ProcessEnv {
  const { PATH, HOME, LANG, TMPDIR } = process.env;
  const env: NodeJS.ProcessEnv = { PATH, HOME, LANG, TMPDIR };
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
  return { ...env, OPENAI_API_KEY: defaultApiKey, OPENAI_BASE_URL: `${mockUrl}/v1`, ...extraGatewayEnv() };
}

/**
 * For experiments only: variables the gateway's process gets on top (`GATEWAY_ENV`, a JSON object
 * of strings), such as `{"NODE_OPTIONS": "--max-semi-space-size=4", "MALLOC_ARENA_MAX": "2"}` to
 * measure what V8's and glibc's memory settings cost.
 */
export function extraGatewayEnv(raw = process.env.GATEWAY_ENV): Record<string, string> {
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`GATEWAY_ENV must be a JSON object of strings, not ${raw}`);
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!valid) throw new Error(`GATEWAY_ENV must be a JSON object of strings, not ${raw}`);
  return parsed as Record<string, string>;
}

export async function startGatewayTarget(options: {
  repoRoot: string;
  mockUrl: string;
  entry?: string;
}): Promise<GatewayStart> {
  const entry = join(options.repoRoot, options.entry ?? gatewayEntry);
  if (!existsSync(entry)) {
    return {
      unavailable: `gateway not measured: ${options.entry ?? gatewayEntry} does not exist (the gateway is not built yet; run \`npm run build\` once it exists).`,
    };
  }
  const warnings: string[] = [];
  const sourceDirectory = join(options.repoRoot, 'src');
  if (existsSync(sourceDirectory) && newestSourceTime(sourceDirectory) > statSync(entry).mtimeMs) {
    warnings.push(
      'dist/ is older than src/: the gateway measured may not be the current code (run `npm run build`).',
    );
  }
  // The working directory is the fresh temp dir too, so no stray config file in the repo is found.
  const home = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const dataDirectory = join(home, 'data');
  mkdirSync(dataDirectory);
  // For experiments only (a cache, guardrails): PROFILE_YAML, as the profiling tools take it.
  if (writeProfileYaml(home, options.mockUrl)) {
    warnings.push('the gateway ran with PROFILE_YAML, not the default configuration.');
  }
  if (Object.keys(extraGatewayEnv()).length > 0) {
    warnings.push(`the gateway ran with GATEWAY_ENV ${process.env.GATEWAY_ENV ?? ''}.`);
  }
  const port = await findFreePort();
  try {
    const service = await startService({
      name: 'gateway',
      command: process.execPath,
      args: [entry, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDirectory],
      env: gatewayEnv(options.mockUrl),
      cwd: home,
      ready: gatewayReadiness(),
      timeoutMs: 30_000,
    });
    if (!service.ready.virtualKey)
      warnings.push('the gateway printed no `Virtual key (shown once): sy-...` line.');
    const target: Target = {
      name: 'gateway',
      origin: service.ready.origin,
      authorization: `Bearer ${service.ready.virtualKey ?? 'missing-virtual-key'}`,
      model: benchModel,
      pid: service.pid,
      stop: async () => {
        await service.stop();
        rmSync(home, { recursive: true, force: true });
      },
    };
    return { target, warnings };
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    return { unavailable: `gateway not measured: ${(error as Error).message}` };
  }
}
