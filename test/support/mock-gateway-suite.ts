// One gateway on two mock providers (an OpenAI-dialect and an Anthropic-dialect one, as
// mockProvidersYaml names them) for a test file: started before its tests, stopped after them,
// and every test starting with no replies scripted and no requests remembered.

import { afterAll, afterEach, beforeAll } from 'vitest';
import { MockUpstream } from './mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './test-gateway.js';

export interface MockGatewaySuite {
  openai: MockUpstream;
  anthropic: MockUpstream;
  gateway: TestGateway;
}

/** Call at a file's (or a describe's) top level; the fields are set once its beforeAll has run. */
export function mockGatewaySuite(extraYaml = ''): MockGatewaySuite {
  const suite = {} as MockGatewaySuite;
  beforeAll(async () => {
    suite.openai = await new MockUpstream().start();
    suite.anthropic = await new MockUpstream().start();
    suite.gateway = await startTestGateway(
      mockProvidersYaml(suite.openai.url, suite.anthropic.url, extraYaml),
    );
  });
  afterAll(async () => {
    await suite.gateway?.close();
    await suite.openai?.stop();
    await suite.anthropic?.stop();
  });
  afterEach(() => {
    suite.openai.forget();
    suite.anthropic.forget();
  });
  return suite;
}
