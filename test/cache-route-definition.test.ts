// A changed route definition never serves an old answer (docs/caching.md): the route digest covers
// the provider settings and defaults that change what is sent upstream (headers, safePrompt,
// defaults.maxTokens), not only the provider's type and URL.
import { describe, expect, it, onTestFinished } from 'vitest';
import { MockUpstream } from './support/mock-upstream.js';
import { postChat as post, untilHit } from './support/cache-verdict.js';
import { startFileGateway } from './support/file-gateway.js';
import { completion } from './fixtures/openai-wire.js';

describe('a changed route definition never serves an old answer', () => {
  async function fileGateway(yaml: (dataDir: string) => string) {
    const gateway = await startFileGateway(yaml);
    onTestFinished(() => gateway.close());
    return gateway;
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
    const gateway = await fileGateway((dataDir) => yaml(dataDir, false));
    const body = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };
    await post(gateway.url, gateway.key, body);
    await untilHit(() => post(gateway.url, gateway.key, body));
    gateway.rewrite(yaml(gateway.dataDir, true));
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
    const gateway = await fileGateway((dataDir) => yaml(dataDir, 4096));
    const body = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };
    await post(gateway.url, gateway.key, body);
    expect(mock.last.body.max_tokens).toBe(4096);
    await untilHit(() => post(gateway.url, gateway.key, body));
    gateway.rewrite(yaml(gateway.dataDir, 16));
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
    const gateway = await fileGateway((dataDir) => yaml(dataDir, ''));
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
    gateway.rewrite(yaml(gateway.dataDir, ", headers: { anthropic-beta: 'context-1m-2025-08-07' }"));
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
