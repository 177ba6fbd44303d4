// Start a real gateway in this process for end-to-end tests: config from YAML text, a fresh
// temporary data dir (SQLite), port 0, and the first virtual key and admin token it printed.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/parse-config.js';
import { startGateway, type RunningGateway } from '../../src/server/start-gateway.js';

export interface TestGateway extends RunningGateway {
  /** The first virtual key, printed once at first start. */
  key: string;
  adminToken: string;
  dataDir: string;
  lines: string[];
  /** Stops the gateway but keeps its data dir, to read what it left behind (close() removes it). */
  stop(): Promise<void>;
}

/**
 * `credentials`: a replica on the store of a gateway already started prints no first key; the
 * first one's key and admin token are used.
 */
export async function startTestGateway(
  yaml: string,
  env: NodeJS.ProcessEnv = {},
  credentials?: { key: string; adminToken: string },
): Promise<TestGateway> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-test-'));
  const config = parseConfig(yaml, 'test.yaml', env);
  config.server.port = 0;
  config.server.host = '127.0.0.1';
  config.storage.dataDir = dataDir;
  config.storage.sqlitePath = path.join(dataDir, 'switchyard.db');
  const lines: string[] = [];
  const running = await startGateway({ config, log: (line) => lines.push(line), handleSignals: false });
  const find = (label: string): string => {
    const line = lines.find((candidate) => candidate.startsWith(label));
    if (!line) throw new Error(`the gateway did not print "${label}": ${lines.join(' | ')}`);
    return line.slice(label.length).trim();
  };
  return {
    ...running,
    key: credentials?.key ?? find('Virtual key (shown once):'),
    adminToken: credentials?.adminToken ?? find('Admin token (shown once):'),
    dataDir,
    lines,
    stop: () => running.close(),
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A config with one OpenAI-dialect and one Anthropic-dialect provider on mock upstreams. */
export function mockProvidersYaml(openaiUrl: string, anthropicUrl: string, extra = ''): string {
  return `
providers:
  openai:
    type: openai
    baseUrl: ${openaiUrl}/v1
    apiKey: upstream-openai-key
  anthropic:
    type: anthropic
    baseUrl: ${anthropicUrl}/v1
    apiKey: upstream-anthropic-key
defaults:
  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }
models:
  gpt-4o-mini:
    targets: [{ provider: openai, model: gpt-4o-mini-2024-07-18 }]
  claude-haiku:
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
  text-embedding-3-small:
    kind: embeddings
    targets: [{ provider: openai }]
${extra}`;
}
