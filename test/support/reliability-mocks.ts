// Named OpenAI-style mock upstreams in front of one test gateway, stopped when the test ends: for
// the reliability tests, which each need their own providers and config.

import { onTestFinished } from 'vitest';
import { completion } from '../fixtures/openai-wire.js';
import { MockUpstream, type Reply } from './mock-upstream.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface Mocks {
  gateway: TestGateway;
  up: Record<string, MockUpstream & { times: number[] }>;
}

/** `names`: OpenAI-type providers on mocks (`anthropic:<name>` for an Anthropic-type one). */
export async function startMocks(names: string[], yaml: string): Promise<Mocks> {
  const up: Mocks['up'] = {};
  const providers: string[] = [];
  for (const spec of names) {
    const [type, name] = spec.includes(':') ? spec.split(':') : ['openai', spec];
    const mock = Object.assign(await new MockUpstream().start(), { times: [] as number[] });
    mock.validate(() => {
      mock.times.push(Date.now());
      return undefined;
    });
    up[name!] = mock;
    providers.push(`  ${name}: { type: ${type}, baseUrl: '${mock.url}/v1', apiKey: ${name}-key }`);
  }
  const gateway = await startTestGateway(`providers:\n${providers.join('\n')}\n${yaml}`);
  onTestFinished(async () => {
    await gateway.close();
    await Promise.all(Object.values(up).map((mock) => mock.stop()));
  });
  return { gateway, up };
}

export const ok = (model = 'm'): Reply => ({ kind: 'json', body: completion({ model }) });

export function status(
  code: number,
  body: unknown = { error: { message: 'boom', type: 'server_error' } },
  headers: Record<string, string> = {},
): Reply {
  return { kind: 'json', status: code, body, headers };
}

/** A 429 saying the account's quota is spent, as OpenAI words it. */
export const insufficientQuota = (): Reply =>
  status(429, {
    error: {
      message: 'You exceeded your current quota',
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    },
  });

export function ask(
  gateway: TestGateway,
  model: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}`, ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }),
  });
}

/** `ask`, its answer read to the end, and how long both took (ms). */
export async function askTimed(
  ...args: Parameters<typeof ask>
): Promise<{ response: Response; elapsed: number }> {
  const started = performance.now();
  const response = await ask(...args);
  await response.arrayBuffer();
  return { response, elapsed: performance.now() - started };
}
