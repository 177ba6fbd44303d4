// Every provider declares whether its API has top_k (Provider.topK), and its request translator
// agrees: a canonical request's topK reaches the upstream body exactly when it says 'accepted'.

import { describe, expect, it } from 'vitest';
import { fixtures } from './openai/__fixtures__/index.js';
import type { ProviderSettings } from './provider.js';
import { providerFor, providerTypes } from './registry.js';

const text = fixtures.find((fixture) => fixture.scenario === 'text')!.request;

describe.each(providerTypes)('%s', (type) => {
  it('sends top_k exactly when it declares it accepted', () => {
    const provider = providerFor(type);
    expect(['accepted', 'unsupported']).toContain(provider.topK);
    const settings: ProviderSettings = {
      name: type,
      type,
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKeys: ['k'],
      headers: {},
      project: 'project',
      location: 'us-central1',
    };
    const built = provider.chatRequest({
      // Bedrock Converse passes top_k on for Claude models only (as additional model fields).
      model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      stream: false,
      payload: { kind: 'canonical', request: { ...text, topK: 37 } },
      settings,
      apiKey: 'k',
    });
    const sent = /"top_?k":37\b/i.test(String(built.body));
    expect(sent).toBe(provider.topK === 'accepted');
  });
});
