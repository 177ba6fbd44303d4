// One mock provider and a gateway in front of it, with both official SDK clients on the gateway,
// for a provider's end-to-end test file: started before its tests, stopped after them, the mock
// forgetting its requests and queued replies between tests. The fields are set once beforeAll ran.

import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { MockUpstream } from './mock-upstream.js';
import { anthropicClient, openaiClient } from './sdk-clients.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface ProviderSuite {
  mock: MockUpstream;
  gateway: TestGateway;
  openai: OpenAI;
  anthropic: Anthropic;
}

/**
 * Call at a file's top level. `yaml`: the gateway's config, given the mock's URL; `start`: starts
 * the mock (a plain MockUpstream unless given, e.g. one that checks the provider's own rules).
 */
export function providerSuite(
  yaml: (mockUrl: string) => string,
  start: () => Promise<MockUpstream> = () => new MockUpstream().start(),
): ProviderSuite {
  const suite = {} as ProviderSuite;
  beforeAll(async () => {
    suite.mock = await start();
    suite.gateway = await startTestGateway(yaml(suite.mock.url));
    suite.openai = openaiClient(suite.gateway);
    suite.anthropic = anthropicClient(suite.gateway);
  });
  afterAll(async () => {
    await suite.gateway?.close();
    await suite.mock?.stop();
  });
  afterEach(() => {
    suite.mock.forget();
  });
  return suite;
}
