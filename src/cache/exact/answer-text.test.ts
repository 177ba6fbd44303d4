import { describe, expect, it } from 'vitest';
import type { CachedAnswer } from './cached-answer.js';
import { answerText, parseAnswerText, storedAtOf } from './answer-text.js';

const tags = { organizationId: 'acme', projectId: 'p\n1', route: 'chat', model: 'chat', namespace: 'ns "x"' };
const saved = { inputTokens: 3, outputTokens: 5, usd: null };

describe('answer text', () => {
  it('keeps a JSON body byte for byte, whatever it holds, and every other field', () => {
    const bodies = [
      '{"choices":[{"message":{"content":"line one\\nline two \\"quoted\\""}}]}',
      'not json at all\nwith raw newlines\n\n and \u0001 markers \u0001\n',
      '',
      '{"emoji":"😀","lone":"\\ud800","nul":"\\u0000"}',
    ];
    for (const body of bodies) {
      const answer: CachedAnswer = {
        tags,
        storedAt: 1_700_000_000_123,
        content: { kind: 'json', body },
        saved,
        meaning: { partition: 'p', vector: 'AAEC', embedder: 'use' },
      };
      const text = answerText(answer);
      expect(text.endsWith(`\n${body}`)).toBe(true); // as it is, not escaped inside a document
      expect(parseAnswerText(text)).toEqual(answer);
      expect(storedAtOf(text)).toBe(1_700_000_000_123);
    }
  });

  it('writes a streamed answer as one JSON document, and reads the older one-document form', () => {
    const streamed: CachedAnswer = {
      tags,
      storedAt: 5,
      content: {
        kind: 'response',
        response: { id: 'r', model: 'm', content: [], stopReason: 'stop' } as never,
      },
      saved,
    };
    expect(parseAnswerText(answerText(streamed))).toEqual(streamed);
    const older: CachedAnswer = {
      tags,
      storedAt: 9,
      content: { kind: 'json', body: '{"a":"b\\nc"}' },
      saved,
    };
    const olderText = JSON.stringify(older); // what a snapshot written before the marker holds
    expect(parseAnswerText(olderText)).toEqual(older);
    expect(storedAtOf(olderText)).toBe(9);
  });
});
