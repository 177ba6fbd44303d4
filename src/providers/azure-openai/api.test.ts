import { describe, expect, it } from 'vitest';
import { accepts } from './api.js';

describe('accepts (the api-version table)', () => {
  it.each([
    ['2024-02-01', 'maxCompletionTokens', false],
    ['2024-06-01', 'parallelToolCalls', false],
    ['2024-10-21', 'maxCompletionTokens', true],
    ['2024-10-21', 'parallelToolCalls', true],
    ['2024-10-21', 'jsonSchema', true],
    // The 2024-10-21 GA spec has no stream_options: only previews from 2024-09-01 and v1 do.
    ['2024-10-21', 'streamOptions', false],
    ['2024-08-01-preview', 'streamOptions', false],
    ['2024-08-01-preview', 'jsonSchema', true],
    ['2024-07-01-preview', 'jsonSchema', false],
    ['2024-09-01-preview', 'streamOptions', true],
    ['2025-04-01-preview', 'streamOptions', true],
    ['2024-10-21', 'developerRole', false],
    ['2024-12-01-preview', 'developerRole', true],
    ['2024-02-01', 'embeddingsOptions', false],
    ['2024-06-01', 'embeddingsOptions', true],
    ['2024-03-01-preview', 'embeddingsOptions', true],
    ['v1', 'streamOptions', true],
    ['v1', 'reasoningEffort', true],
    // A name the table does not know is assumed newer than it: nothing is taken away.
    ['latest', 'streamOptions', true],
  ] as const)('%s accepts %s: %s', (version, field, expected) => {
    expect(accepts(version, field)).toBe(expected);
  });
});
