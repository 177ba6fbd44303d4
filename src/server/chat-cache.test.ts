import { describe, expect, it } from 'vitest';
import { withFirstEventFields } from './chat-cache.js';

describe('withFirstEventFields', () => {
  it('puts the fields first in the first event object only, in either dialect', () => {
    const openai = 'data: {"id":"c1","choices":[]}\n\ndata: {"id":"c1","choices":[]}\n\ndata: [DONE]\n\n';
    const anthropic =
      'event: message_start\ndata: {"type":"message_start","message":{}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n';
    const fields = { switchyard_review: { id: 'req_1', status: 'pending' } };
    const [first, second] = withFirstEventFields(openai, fields)
      .split('\n\n')
      .map((frame) => frame.slice('data: '.length));
    expect(JSON.parse(first!)).toEqual({ ...fields, id: 'c1', choices: [] });
    expect(JSON.parse(second!)).toEqual({ id: 'c1', choices: [] });
    const events = withFirstEventFields(anthropic, fields).split('\n\n');
    expect(JSON.parse(events[0]!.split('\ndata: ')[1]!)).toEqual({
      ...fields,
      type: 'message_start',
      message: {},
    });
    expect(JSON.parse(events[1]!.split('\ndata: ')[1]!)).toEqual({ type: 'message_stop' });
  });

  it('handles an empty first object, no fields and a stream with no data', () => {
    expect(withFirstEventFields('data: {}\n\n', { a: 1 })).toBe('data: {"a":1}\n\n');
    expect(withFirstEventFields('data: {"b":2}\n\n', {})).toBe('data: {"b":2}\n\n');
    expect(withFirstEventFields(': comment\n\n', { a: 1 })).toBe(': comment\n\n');
  });
});
