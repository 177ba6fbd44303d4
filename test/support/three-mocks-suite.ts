// One gateway on three mock providers (OpenAI, Anthropic and Gemini dialects) for a test file,
// with the two SDK clients pointed at it: started before its tests, stopped after them, and every
// test starting with no replies scripted and no requests remembered. The file writes the config
// from the mocks' addresses.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { MockUpstream } from './mock-upstream.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface ThreeMocksSuite {
  openaiMock: MockUpstream;
  anthropicMock: MockUpstream;
  geminiMock: MockUpstream;
  gateway: TestGateway;
  openai: OpenAI;
  anthropic: Anthropic;
}

export interface MockAddresses {
  openai: string;
  anthropic: string;
  gemini: string;
}

/** Call at a file's (or a describe's) top level; the fields are set once its beforeAll has run. */
export function threeMocksSuite(yaml: (urls: MockAddresses) => string): ThreeMocksSuite {
  const suite = {} as ThreeMocksSuite;
  beforeAll(async () => {
    suite.openaiMock = await new MockUpstream().start();
    suite.anthropicMock = await new MockUpstream().start();
    suite.geminiMock = await new MockUpstream().start();
    suite.gateway = await startTestGateway(
      yaml({
        openai: suite.openaiMock.url,
        anthropic: suite.anthropicMock.url,
        gemini: suite.geminiMock.url,
      }),
    );
    const { url, key } = suite.gateway;
    suite.openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    suite.anthropic = new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 });
  });
  afterAll(async () => {
    await suite.gateway?.close();
    await suite.openaiMock?.stop();
    await suite.anthropicMock?.stop();
    await suite.geminiMock?.stop();
  });
  afterEach(() => {
    suite.openaiMock.forget();
    suite.anthropicMock.forget();
    suite.geminiMock.forget();
  });
  return suite;
}
