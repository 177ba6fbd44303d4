// The in-process exact cache kept across a graceful restart (`cache.persist`, issue 6): the second
// gateway on the same data directory answers from what the first one stored.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { parseConfig } from '../src/config/parse-config.js';
import { startGateway, type RunningGateway } from '../src/server/start-gateway.js';
import { FaultUpstream } from '../src/upstream/testing/fault-upstream.js';

it('answers from the cache it saved before a restart', async () => {
  const upstream = await new FaultUpstream().start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-persist-'));
  onTestFinished(async () => {
    await upstream.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const lines: string[] = [];
  const start = async (): Promise<RunningGateway> => {
    const config = parseConfig(
      `providers:
  upstream: { type: openai, baseUrl: ${upstream.origin}/v1, apiKey: k }
models:
  chat:
    cache: { enabled: true }
    targets: [{ provider: upstream, model: gpt-4o-mini }]
cache: { persist: true }
storage: { dataDir: ${dataDir} }
server: { port: 0 }
`,
      'test.yaml',
      {},
    );
    return startGateway({ config, log: (line) => lines.push(line), handleSignals: false });
  };
  const first = await start();
  const key = lines
    .find((line) => line.startsWith('Virtual key'))!
    .split(': ')[1]!
    .trim();
  const ask = (gateway: RunningGateway) =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] }),
    });
  const answer = await (await ask(first)).text();
  await expect.poll(async () => (await ask(first)).headers.get('x-switchyard-cache')).toBe('hit');
  await first.close();

  const second = await start();
  onTestFinished(() => second.close());
  expect(lines).toContain(`Restored 1 cached answer from ${path.join(dataDir, 'cache.db')}.`);
  const replayed = await ask(second);
  expect(replayed.headers.get('x-switchyard-cache')).toBe('hit');
  expect(await replayed.text()).toBe(answer);
  expect(upstream.requests).toBe(1);
});
