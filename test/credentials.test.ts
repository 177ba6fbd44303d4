// Several credentials per deployment, end to end, for every provider type authorised by an api key:
// requests alternate between the keys, a 401 on one key benches it (and the request that met it
// is retried on the other, invisibly), a 401 with a single key reaches the client as the gateway's
// credential problem without a retry, and no key ever shows in a response, an error or a log line.
// Each provider answers with its own contract fixture, so the wire is the real one.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures as anthropicFixtures } from '../src/providers/anthropic/__fixtures__/index.js';
import { fixtures as azureFixtures } from '../src/providers/azure-openai/__fixtures__/index.js';
import type { ProviderFixture } from '../src/providers/fixture.js';
import { fixtures as geminiFixtures } from '../src/providers/gemini/__fixtures__/index.js';
import { fixtures as mistralFixtures } from '../src/providers/mistral/__fixtures__/index.js';
import { fixtures as compatibleFixtures } from '../src/providers/openai-compatible/__fixtures__/index.js';
import { fixtures as openaiFixtures } from '../src/providers/openai/__fixtures__/index.js';
import type { ProviderType } from '../src/providers/provider.js';
import { MockUpstream, type ReceivedRequest, type Reply } from './support/mock-upstream.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

interface Case {
  type: ProviderType;
  /** The deployment's settings besides type and keys; `{url}` is the mock's origin. */
  settings: string;
  fixtures: ProviderFixture[];
}

const cases: Case[] = [
  { type: 'openai', settings: 'baseUrl: {url}/v1', fixtures: openaiFixtures },
  { type: 'anthropic', settings: 'baseUrl: {url}/v1', fixtures: anthropicFixtures },
  {
    type: 'openai-compatible',
    settings: 'baseUrl: {url}/v1\n    server: vllm',
    fixtures: compatibleFixtures,
  },
  { type: 'mistral', settings: 'baseUrl: {url}/v1', fixtures: mistralFixtures },
  { type: 'azure-openai', settings: 'baseUrl: {url}', fixtures: azureFixtures },
  { type: 'gemini', settings: 'baseUrl: {url}/v1beta', fixtures: geminiFixtures },
];

const keysOf = (type: string) => ({
  first: `sk-${type}-first-0001`,
  second: `sk-${type}-second-0002`,
  single: `sk-${type}-single-0003`,
});
const allKeys = cases.flatMap(({ type }) => Object.values(keysOf(type)));

const mocks = new Map<ProviderType, MockUpstream>();
/** Per type, the key the mock currently treats as revoked. */
const revoked = new Map<ProviderType, string>();
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  let providers = '';
  let models = '';
  for (const { type, settings, fixtures } of cases) {
    const mock = await new MockUpstream().start();
    mock.validate((request) =>
      credentialOf(request) === revoked.get(type) ? unauthorized(request) : undefined,
    );
    mock.always(successOf(fixtures));
    mocks.set(type, mock);
    const keys = keysOf(type);
    const base = settings.replaceAll('{url}', mock.url);
    providers += `  ${type}-pair:\n    type: ${type}\n    ${base}\n    apiKeys: [${keys.first}, ${keys.second}]\n`;
    providers += `  ${type}-single:\n    type: ${type}\n    ${base}\n    apiKey: ${keys.single}\n`;
    models += `  ${type}-pair:\n    targets: [{ provider: ${type}-pair, model: upstream-model }]\n`;
    models += `  ${type}-single:\n    targets: [{ provider: ${type}-single, model: upstream-model }]\n`;
  }
  gateway = await startTestGateway(
    `providers:\n${providers}defaults:\n  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }\nmodels:\n${models}`,
  );
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  for (const mock of mocks.values()) await mock.stop();
});

describe.each(cases)('$type with several api keys', ({ type }) => {
  const keys = keysOf(type);
  const mock = () => mocks.get(type) as MockUpstream;
  const seen = () => mock().requests.map(credentialOf);
  const ask = (model: string) =>
    openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

  it('alternates requests between the keys', async () => {
    mock().requests.length = 0;
    const answers = [await ask(`${type}-pair`), await ask(`${type}-pair`)];
    expect(seen()).toEqual([keys.first, keys.second]);
    expect(JSON.stringify(answers)).not.toMatch(/sk-/);
  });

  it('benches a key the upstream rejects and retries that request on the other', async () => {
    mock().requests.length = 0;
    revoked.set(type, keys.first);
    try {
      const answer = await anthropic.messages.create({
        model: `${type}-pair`,
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(answer.type).toBe('message');
      await ask(`${type}-pair`);
      await ask(`${type}-pair`);
      expect(seen()).toEqual([keys.first, keys.second, keys.second, keys.second]);
    } finally {
      revoked.delete(type);
    }
  });

  it('sends a 401 on the only key to the client as the gateway’s credential error, once, without the key', async () => {
    mock().requests.length = 0;
    revoked.set(type, keys.single);
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
        body: JSON.stringify({ model: `${type}-single`, messages: [{ role: 'user', content: 'hi' }] }),
      });
      const text = await response.text();
      expect(response.status).toBe(502);
      expect(JSON.parse(text).error.message).toMatch(/gateway's credentials/);
      expect(text).not.toContain(keys.single);
      expect(seen()).toEqual([keys.single]);
      const viaSdk = await anthropic.messages
        .create({ model: `${type}-single`, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect(viaSdk).toBeInstanceOf(Anthropic.APIError);
      expect(String((viaSdk as Error).message)).not.toContain(keys.single);
    } finally {
      revoked.delete(type);
    }
  });
});

describe('secrecy', () => {
  it('never writes an upstream key to the gateway log', () => {
    const log = gateway.lines.join('\n');
    for (const key of allKeys) expect(log).not.toContain(key);
  });
});

/** The credential a request carried, in whichever header (or query parameter) its provider uses. */
function credentialOf(request: ReceivedRequest): string {
  const { headers } = request;
  const bearer = /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1];
  const query = new URL(request.path, 'http://mock').searchParams.get('key');
  const found = bearer ?? headers['x-api-key'] ?? headers['api-key'] ?? headers['x-goog-api-key'] ?? query;
  return typeof found === 'string' ? found : '';
}

/** A 401 whose text names the key, as OpenAI's does: the gateway must not pass it on. */
function unauthorized(request: ReceivedRequest): Reply {
  const message = `Incorrect API key provided: ${credentialOf(request)}.`;
  return {
    kind: 'json',
    status: 401,
    body: { error: { message, type: 'invalid_request_error', code: 'invalid_api_key' } },
  };
}

/** The provider's own non-streamed success answer from its contract fixtures. */
function successOf(fixtures: ProviderFixture[]): Reply {
  const fixture = fixtures.find((candidate) => candidate.scenario === 'json-output');
  if (fixture?.upstream.json === undefined) throw new Error('no non-streamed json-output fixture');
  return { kind: 'json', status: 200, body: fixture.upstream.json };
}
