// The mistral-only `safePrompt` provider setting: parsed onto the deployment, refused elsewhere.

import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

describe('providers.*.safePrompt', () => {
  it('reaches a mistral deployment, with the default base URL', () => {
    const config = parseConfig(
      'providers:\n  mistral: { type: mistral, apiKey: k, safePrompt: true }\n',
      'test.yaml',
      {},
    );
    expect(config.providers.mistral).toMatchObject({
      type: 'mistral',
      baseUrl: 'https://api.mistral.ai/v1',
      safePrompt: true,
    });
  });

  it('is refused, by line and key, on another provider type', () => {
    const parse = () =>
      parseConfig('providers:\n  openai: { type: openai, apiKey: k, safePrompt: true }\n', 'test.yaml', {});
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(
      'test.yaml:2: providers.openai.safePrompt: only applies to providers of type mistral',
    );
  });
});
