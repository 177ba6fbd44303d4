// Operations end to end: graceful shutdown finishes in-flight streams, the in-flight cap answers
// 503 + Retry-After, the config reloads from its file and an invalid file keeps the old one.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { startGateway } from '../src/server/start-gateway.js';
import { completion, textStream } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
});

afterAll(async () => {
  await openaiMock.stop();
});

const streamBody = JSON.stringify({
  model: 'gpt-4o-mini',
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

describe('graceful shutdown', () => {
  it('finishes a stream in flight, refuses readiness, then stops', async () => {
    const gateway = await startTestGateway(mockProvidersYaml(openaiMock.url, openaiMock.url));
    const events = textStream(['slow', ' but', ' complete']).map((event, index) => ({
      ...event,
      delayMs: index === 2 ? 300 : 0,
    }));
    openaiMock.reply({ kind: 'sse', events });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
      body: streamBody,
    });
    const body = response.text();
    const closing = gateway.close();
    await sleep(20);
    expect(gateway.gateway.draining).toBe(true);
    const text = await body;
    expect(text).toContain('complete');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    await closing;
    await expect(fetch(`${gateway.url}/health`)).rejects.toThrow();
  });
});

describe('admission', () => {
  it('answers 503 with Retry-After when the in-flight cap and its queue are full', async () => {
    const gateway = await startTestGateway(
      mockProvidersYaml(openaiMock.url, openaiMock.url, 'server: { maxInFlight: 1, queueTimeoutMs: 100 }'),
    );
    try {
      openaiMock.reply({
        kind: 'sse',
        events: textStream(['a']).map((event) => ({ ...event, delayMs: 100 })),
      });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` };
      const first = fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers,
        body: streamBody,
      });
      await sleep(30);
      const second = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers,
        body: streamBody,
      });
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBeTruthy();
      expect((await (await first).text()).trim().endsWith('data: [DONE]')).toBe(true);
    } finally {
      await gateway.close();
    }
  });
});

describe('configuration reload', () => {
  it('reloads a changed file and keeps the old config when the new one is invalid', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'switchyard-reload-'));
    const file = path.join(directory, 'switchyard.yaml');
    const base = mockProvidersYaml(openaiMock.url, openaiMock.url);
    writeFileSync(file, `${base}\nstorage: { dataDir: ${directory} }\nserver: { port: 0 }\n`);
    const lines: string[] = [];
    const running = await startGateway({
      config: loadConfig(file),
      configPath: file,
      log: (line) => lines.push(line),
      handleSignals: false,
    });
    const key = lines.find((line) => line.startsWith('Virtual key'))!.split(': ')[1]!;
    const list = async () => {
      const response = await fetch(`${running.url}/v1/models`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return ((await response.json()) as { data: Array<{ id: string }> }).data.map((model) => model.id);
    };
    try {
      expect(await list()).not.toContain('added-later');
      writeFileSync(
        file,
        `${base}\n  added-later:\n    targets: [{ provider: openai }]\nstorage: { dataDir: ${directory} }\nserver: { port: 0 }\n`,
      );
      await waitFor(async () => (await list()).includes('added-later'));
      const version = running.gateway.configs.version;
      writeFileSync(file, 'models: { broken: { targets: [{ provider: nowhere }] } }\n');
      await sleep(600);
      expect(running.gateway.configs.version).toBe(version);
      expect(await list()).toContain('added-later');
      openaiMock.reply({ kind: 'json', body: completion() });
    } finally {
      await running.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error('condition not met in time');
}
