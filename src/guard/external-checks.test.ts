import { describe, expect, it } from 'vitest';
import { externalCheckSchema } from '../config/guardrails-schema.js';
import { externalRequest, externalVerdict } from './external-checks.js';

const check = (fields: Record<string, unknown>) => externalCheckSchema.parse({ action: 'block', ...fields });

describe('external checks', () => {
  it('shapes Azure Prompt Shields requests with the user prompts joined and tool results as documents', () => {
    const azure = check({ check: 'azure-prompt-shields', url: 'https://r.example/', apiKey: 'k' });
    const request = externalRequest(
      azure,
      [
        { text: 'one', source: 'user' },
        { text: 'doc', source: 'tool' },
        { text: 'two', source: 'user' },
      ],
      'req_1',
    );
    expect(request.url).toBe('https://r.example/contentsafety/text:shieldPrompt?api-version=2024-09-01');
    expect(JSON.parse(request.body)).toEqual({ userPrompt: 'one\ntwo', documents: ['doc'] });
  });

  it.each([
    [
      'webhook without flagged',
      { check: 'webhook', url: 'https://h.example' },
      { score: 1 },
      /no boolean "flagged"/,
    ],
    ['lakera without flagged', { check: 'lakera', apiKey: 'k' }, { results: [] }, /no boolean "flagged"/],
    [
      'azure without analyses',
      { check: 'azure-prompt-shields', url: 'https://r.example', apiKey: 'k' },
      { userPromptAnalysis: {} },
      /no userPromptAnalysis.attackDetected/,
    ],
  ])('refuses an answer that is not the documented shape: %s', (_name, fields, answer, message) => {
    expect(() => externalVerdict(check(fields), 200, answer)).toThrow(message);
  });

  it('refuses an error status, and keeps a webhook reason short', () => {
    const hook = check({ check: 'webhook', url: 'https://h.example' });
    expect(() => externalVerdict(hook, 503, { flagged: false })).toThrow('the service answered 503');
    expect(externalVerdict(hook, 200, { flagged: true, reason: 'x'.repeat(500) }).reason).toHaveLength(200);
  });
});
