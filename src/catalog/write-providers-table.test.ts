import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../providers/provider.js';
import { providersMarkdown, count, price } from './providers-table.js';
import { providersFile, providersTableText } from './write-providers-table.js';

describe('docs/providers.md', () => {
  it('matches the registry and the catalog (run `npm run docs:providers` when this fails)', async () => {
    expect(readFileSync(providersFile, 'utf8')).toBe(await providersTableText());
  });

  it('reads dialect, stream framing and embeddings from the adapters themselves', () => {
    const adapters: Record<string, Provider> = {
      openai: {
        type: 'openai',
        dialect: 'openai',
        embeddingsRequest: () => ({ method: 'POST', url: '', headers: {} }),
      } as unknown as Provider,
      bedrock: { type: 'bedrock', streamFraming: 'aws-event-stream' } as unknown as Provider,
    };
    const text = providersMarkdown({
      providerTypes: ['openai', 'bedrock'],
      providerFor: (type) => adapters[type] as Provider,
      entries: [{ id: 'm', providers: { openai: ['m'] }, prices: { input: 0.1 + 0.2 } }],
      version: '2000-01-01',
    });
    expect(text).toMatch(/\| `openai` \| yes \| yes \| yes \| yes \| yes \| yes \| openai \| sse \|/);
    expect(text).toMatch(/\| `bedrock` \| yes \| yes \| yes \| yes \| — \| — \| — \| aws-event-stream \|/);
    expect(text).toContain('| `m` | chat | openai |  |  | 0.3 |');
    expect(text).toContain('**2000-01-01**');
  });

  it('formats prices and token counts for people', () => {
    expect(price(0.8 / 10)).toBe('0.08');
    expect(price(undefined)).toBe('');
    expect([count(128_000), count(1_000_000), count(1_047_576)]).toEqual(['128k', '1M', '1,047,576']);
  });
});
