// The azure-openai rules of check-config.ts, through parseConfig as a user meets them.

import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, 'switchyard.yaml', {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  return [];
}

describe('azure-openai config rules', () => {
  it('accepts a resource endpoint with a key, and one with Entra ID credentials', () => {
    const config = parseConfig(
      `
providers:
  east: { type: azure-openai, baseUrl: "https://east.openai.azure.com", apiKey: k, apiVersion: 2024-10-21 }
  west:
    type: azure-openai
    baseUrl: https://west.openai.azure.com
    entra: { tenantId: t, clientId: c, clientSecret: s }
`,
      'switchyard.yaml',
      {},
    );
    expect(config.providers.west?.entra).toEqual({
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      authorityHost: 'https://login.microsoftonline.com',
      scope: 'https://cognitiveservices.azure.com/.default',
    });
  });

  it('requires baseUrl and a credential', () => {
    expect(problemsOf('providers:\n  azure: { type: azure-openai }\n')).toEqual([
      'switchyard.yaml:2: providers.azure: baseUrl is required for type azure-openai (the resource endpoint, e.g. https://my-resource.openai.azure.com)',
      'switchyard.yaml:2: providers.azure: azure-openai needs apiKey, apiKeys or entra (Microsoft Entra ID client credentials)',
    ]);
  });

  it.each([
    'https://r.openai.azure.com/openai',
    'https://r.openai.azure.com/openai/v1/',
    'https://r.openai.azure.com/openai/deployments/gpt-4o/chat/completions',
  ])('rejects a baseUrl that already holds the API path (%s)', (baseUrl) => {
    const problems = problemsOf(
      `providers:\n  azure: { type: azure-openai, baseUrl: "${baseUrl}", apiKey: k }\n`,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/providers\.azure\.baseUrl: give the resource endpoint without \/openai/);
  });

  it('allows a path prefix in front of the resource (an API gateway)', () => {
    expect(
      problemsOf(
        'providers:\n  azure: { type: azure-openai, baseUrl: "https://apim.example.com/aoai", apiKey: k }\n',
      ),
    ).toEqual([]);
  });

  it('refuses keys and entra together: only one of them would be used', () => {
    const problems = problemsOf(`
providers:
  azure:
    type: azure-openai
    baseUrl: https://r.openai.azure.com
    apiKey: k
    entra: { tenantId: t, clientId: c, clientSecret: s }
`);
    expect(problems).toEqual([
      'switchyard.yaml:7: providers.azure.entra: use apiKey/apiKeys or entra, not both',
    ]);
  });

  it('keeps apiVersion and entra to azure-openai', () => {
    const problems = problemsOf(
      'providers:\n  openai: { type: openai, apiKey: k, apiVersion: 2024-10-21, entra: { tenantId: t, clientId: c, clientSecret: s } }\n',
    );
    expect(problems).toEqual([
      'switchyard.yaml:2: providers.openai.apiVersion: only applies to providers of type azure-openai',
      'switchyard.yaml:2: providers.openai.entra: only applies to providers of type azure-openai',
    ]);
  });
});
