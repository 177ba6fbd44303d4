import { describe, expect, it } from 'vitest';
import { checkToolCalls, requestedToolSchemas } from './tool-arguments.js';

const parameters = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};

describe('requestedToolSchemas', () => {
  it("reads OpenAI functions' parameters, skipping custom tools, and defaults to any object", () => {
    const schemas = requestedToolSchemas('openai', {
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters } },
        { type: 'function', function: { name: 'now' } },
        { type: 'custom', custom: { name: 'free_text' } },
        'nonsense',
      ],
    });
    expect([...schemas!.keys()]).toEqual(['get_weather', 'now']);
    expect(schemas!.get('now')).toEqual({ type: 'object' });
  });

  it("reads Anthropic tools' input_schema, skipping server tools", () => {
    const schemas = requestedToolSchemas('anthropic', {
      tools: [
        { name: 'get_weather', input_schema: parameters },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
    });
    expect([...schemas!.keys()]).toEqual(['get_weather']);
  });

  it('is undefined without tools it could check', () => {
    expect(requestedToolSchemas('openai', {})).toBeUndefined();
    expect(requestedToolSchemas('openai', { tools: 'x' })).toBeUndefined();
    expect(
      requestedToolSchemas('anthropic', { tools: [{ type: 'bash_20250124', name: 'bash' }] }),
    ).toBeUndefined();
  });
});

describe('checkToolCalls', () => {
  const schemas = new Map<string, object>([
    ['get_weather', parameters],
    ['now', { type: 'object' }],
  ]);

  it('accepts calls that match, and empty arguments for a tool without parameters', () => {
    expect(
      checkToolCalls(schemas, [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'now', arguments: '' },
      ]),
    ).toEqual({ valid: true });
  });

  it('names each problem: an unknown tool, arguments that are not JSON, arguments off the schema', () => {
    const checked = checkToolCalls(schemas, [
      { name: 'get_wether', arguments: '{}' },
      { name: 'get_weather', arguments: '{"city": "Par' },
      { name: 'get_weather', arguments: '{"city": 3}' },
    ]);
    expect(checked.valid).toBe(false);
    const problems = (checked as { problems: string }).problems.split('; ');
    expect(problems[0]).toBe('the tool "get_wether" does not exist (the tools are: get_weather, now)');
    expect(problems[1]).toMatch(/^the arguments of get_weather are not JSON \(/);
    expect(problems[2]).toBe('get_weather: /city must be string');
  });

  it('bounds what it repeats of a hostile tool name', () => {
    const checked = checkToolCalls(schemas, [{ name: 'x'.repeat(100_000), arguments: '{}' }]);
    expect((checked as { problems: string }).problems.length).toBeLessThan(200);
  });
});
