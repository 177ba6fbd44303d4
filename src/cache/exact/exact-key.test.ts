import { describe, expect, it } from 'vitest';
import { exactKey, type ExactKeyInput } from './exact-key.js';

const base: ExactKeyInput = {
  tags: { organizationId: 'acme', projectId: null, route: 'chat', model: 'chat', namespace: '' },
  dialect: 'openai',
  routeDigest: 'route-1',
  body: {
    model: 'chat',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is the capital of France?' },
    ],
    temperature: 0,
  },
  forwardHeaders: {},
};

const key = (change: (input: ExactKeyInput) => ExactKeyInput): string =>
  exactKey(change(structuredClone(base)));
const withBody = (fields: Record<string, unknown>) => (input: ExactKeyInput) => ({
  ...input,
  body: { ...input.body, ...fields },
});

describe('exactKey', () => {
  const original = exactKey(base);

  it('is a SHA-256 hex digest, the same for the same request with keys in another order', () => {
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    const reordered = { temperature: 0, messages: base.body.messages, model: 'chat' };
    expect(exactKey({ ...base, body: reordered })).toBe(original);
  });

  it.each([
    [
      'another organisation',
      (input: ExactKeyInput) => ({ ...input, tags: { ...input.tags, organizationId: 'globex' } }),
    ],
    ['another project', (input: ExactKeyInput) => ({ ...input, tags: { ...input.tags, projectId: 'p2' } })],
    ['another namespace', (input: ExactKeyInput) => ({ ...input, tags: { ...input.tags, namespace: 'n' } })],
    ['another dialect', (input: ExactKeyInput) => ({ ...input, dialect: 'anthropic' as const })],
    ['another model', (input: ExactKeyInput) => ({ ...input, tags: { ...input.tags, model: 'chat-2' } })],
    ['another route definition', (input: ExactKeyInput) => ({ ...input, routeDigest: 'route-2' })],
    [
      'a provider option header',
      (input: ExactKeyInput) => ({ ...input, forwardHeaders: { 'anthropic-beta': 'x' } }),
    ],
    [
      'another system prompt',
      withBody({
        messages: [
          { role: 'system', content: 'Be long.' },
          { role: 'user', content: 'What is the capital of France?' },
        ],
      }),
    ],
    ['another temperature', withBody({ temperature: 0.7 })],
    ['tools', withBody({ tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] })],
    ['tool_choice', withBody({ tool_choice: 'required' })],
    ['a response format', withBody({ response_format: { type: 'json_object' } })],
    ['max_tokens', withBody({ max_tokens: 5 })],
  ])('changes with %s', (_name, change) => {
    expect(key(change)).not.toBe(original);
  });

  it.each([
    ['stream', withBody({ stream: true, stream_options: { include_usage: true } })],
    ['the end-user label', withBody({ user: 'u-1', safety_identifier: 's', metadata: { a: 1 } })],
    ['storage and prompt-cache hints', withBody({ store: true, prompt_cache_key: 'k' })],
  ])('ignores %s', (_name, change) => {
    expect(key(change)).toBe(original);
  });
});
