// A changed route definition never serves an old answer (docs/caching.md): the route digest covers
// the provider settings and defaults that change what is sent upstream (headers, safePrompt,
// defaults.maxTokens), not only the provider's type and URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { startGateway } from '../src/server/start-gateway.js';
import { MockUpstream } from './support/mock-upstream.js';
import { completion } from './fixtures/openai-wire.js';

async function post(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, cache: response.headers.get('x-switchyard-cache'), text, response };
}

async function untilHit(read: () => Promise<{ cache: string | null }>) {
  await expect.poll(async () => (await read()).cache, { timeout: 3000 }).toBe('hit');
}

describe('a changed route definition never serves an old answer', () => {
  async function fileGateway(yaml: (dataDir: string) => string) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-cache-'));
    const file = path.join(dataDir, 'switchyard.yaml');
    writeFileSync(file, yaml(dataDir));
    const lines: string[] = [];
    const running = await startGateway({
      config: loadConfig(file, {}),
      configPath: file,
      log: (line) => lines.push(line),
      handleSignals: false,
    });
    const key = lines
      .find((line) => line.startsWith('Virtual key (shown once):'))!
      .split(':')[1]!
      .trim();
    onTestFinished(async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    return { ...running, key, dataDir, rewrite: (text: string) => writeFileSync(file, text) };
  }

  it('mistral safePrompt turned on (a safety system prompt prepended) is not answered from the old entry', async () => {
    const mock = await new MockUpstream().start();
    onTestFinished(() => mock.stop());
    mock.always({ kind: 'json', body: completion() });
    const yaml = (dataDir: string, safe: boolean) => `
storage: { dataDir: ${dataDir} }
server: { port: 0 }
providers:
  mistral: { type: mistral, baseUrl: ${mock.url}/v1, apiKey: k, safePrompt: ${safe} }
defaults: { retry: { attempts: 0 } }
models:
  chat:
    cache: { enabled: true }
    targets: [{ provider: mistral, model: mistral-small-latest }]
`;
    let dir = '';
    const gateway = await fileGateway((dataDir) => ((dir = dataDir), yaml(dataDir, false)));
    const body = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };
    await post(gateway.url, gateway.key, body);
    await untilHit(() => post(gateway.url, gateway.key, body));
    gateway.rewrite(yaml(dir, true));
    expect(gateway.gateway.configs.reload()).toMatchObject({ ok: true, changed: true });
    const after = await post(gateway.url, gateway.key, body);
    expect(after.cache).toBe('miss');
    expect(mock.last.body.safe_prompt).toBe(true);
  });

  it('a changed defaults.maxTokens (the max_tokens sent to Anthropic) is not answered from the old entry', async () => {
    const mock = await new MockUpstream().start();
    onTestFinished(() => mock.stop());
    const { message } = await import('./fixtures/anthropic-wire.js');
    mock.always({ kind: 'json', body: message() });
    const yaml = (dataDir: string, maxTokens: number) => `
storage: { dataDir: ${dataDir} }
server: { port: 0 }
providers:
  anthropic: { type: anthropic, baseUrl: ${mock.url}/v1, apiKey: k }
defaults: { retry: { attempts: 0 }, maxTokens: ${maxTokens} }
models:
  chat:
    cache: { enabled: true }
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
`;
    let dir = '';
    const gateway = await fileGateway((dataDir) => ((dir = dataDir), yaml(dataDir, 4096)));
    const body = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };
    await post(gateway.url, gateway.key, body);
    expect(mock.last.body.max_tokens).toBe(4096);
    await untilHit(() => post(gateway.url, gateway.key, body));
    gateway.rewrite(yaml(dir, 16));
    expect(gateway.gateway.configs.reload()).toMatchObject({ ok: true, changed: true });
    const after = await post(gateway.url, gateway.key, body);
    expect(after.cache).toBe('miss');
  });

  it('an anthropic-beta header added to the provider config is not answered from the old entry', async () => {
    const mock = await new MockUpstream().start();
    onTestFinished(() => mock.stop());
    const { message } = await import('./fixtures/anthropic-wire.js');
    mock.always({ kind: 'json', body: message() });
    const yaml = (dataDir: string, headers: string) => `
storage: { dataDir: ${dataDir} }
server: { port: 0 }
providers:
  anthropic: { type: anthropic, baseUrl: ${mock.url}/v1, apiKey: k${headers} }
defaults: { retry: { attempts: 0 } }
models:
  chat:
    cache: { enabled: true }
    targets: [{ provider: anthropic, model: claude-sonnet-4-20250514 }]
`;
    let dir = '';
    const gateway = await fileGateway((dataDir) => ((dir = dataDir), yaml(dataDir, '')));
    const body = { model: 'chat', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
    const ask = () =>
      fetch(`${gateway.url}/v1/messages`, {
        method: 'POST',
        headers: {
          'x-api-key': gateway.key,
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }).then(async (response) => ({
        cache: response.headers.get('x-switchyard-cache'),
        text: await response.text(),
      }));
    await ask();
    await untilHit(ask);
    gateway.rewrite(yaml(dir, ", headers: { anthropic-beta: 'context-1m-2025-08-07' }"));
    expect(gateway.gateway.configs.reload()).toMatchObject({ ok: true, changed: true });
    expect((await ask()).cache).toBe('miss');
    expect(mock.last.headers['anthropic-beta']).toContain('context-1m-2025-08-07');
  });

  it('a catalog override that drops a parameter is not answered from the old entry; a new price is', async () => {
    const mock = await new MockUpstream().start();
    onTestFinished(() => mock.stop());
    mock.always({ kind: 'json', body: completion() });
    const yaml = (dataDir: string, catalog: string) => `
storage: { dataDir: ${dataDir} }
server: { port: 0 }
providers: { openai: { type: openai, baseUrl: ${mock.url}/v1, apiKey: k } }
defaults: { retry: { attempts: 0 } }
models: { chat: { cache: { enabled: true }, targets: [{ provider: openai, model: gpt-4o }] } }
${catalog}
`;
    let dir = '';
    const gateway = await fileGateway((dataDir) => ((dir = dataDir), yaml(dataDir, '')));
    const body = { model: 'chat', temperature: 0.5, messages: [{ role: 'user', content: 'hi' }] };
    await post(gateway.url, gateway.key, body);
    expect(mock.last.body.temperature).toBe(0.5);
    await untilHit(() => post(gateway.url, gateway.key, body));
    const dropped = 'catalog: { models: { gpt-4o: { rewrites: { drop: [temperature] } } } }';
    gateway.rewrite(yaml(dir, dropped));
    expect(gateway.gateway.configs.reload()).toMatchObject({ ok: true, changed: true });
    const after = await post(gateway.url, gateway.key, body);
    expect(after.cache).toBe('miss');
    expect(mock.last.body.temperature).toBeUndefined();
    expect(after.response.headers.get('x-switchyard-warning')).toContain('temperature');
    await untilHit(() => post(gateway.url, gateway.key, body));
    // A price says what the answer cost, not what it is: the entry stays.
    const requests = mock.requests.length;
    gateway.rewrite(
      yaml(
        dir,
        'catalog: { models: { gpt-4o: { rewrites: { drop: [temperature] }, prices: { input: 1 } } } }',
      ),
    );
    expect(gateway.gateway.configs.reload()).toMatchObject({ ok: true, changed: true });
    expect((await post(gateway.url, gateway.key, body)).cache).toBe('hit');
    expect(mock.requests.length).toBe(requests);
  });
});
