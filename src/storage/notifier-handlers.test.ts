import { describe, expect, it } from 'vitest';
import { NotifierHandlers } from './notifier-handlers.js';

describe('NotifierHandlers', () => {
  it('keeps each subscription apart, reports a throwing handler and still delivers to the rest', () => {
    const errors: Array<[unknown, string]> = [];
    const handlers = new NotifierHandlers((error, channel) => errors.push([error, channel]));
    const heard: string[] = [];
    const record = (message: string) => heard.push(message);
    const first = handlers.add('keys', record);
    handlers.add('keys', record);
    handlers.add('keys', () => {
      throw new Error('broken');
    });
    handlers.dispatch('keys', 'a');
    handlers.dispatch('other', 'not for them');
    expect(heard).toEqual(['a', 'a']);
    expect(errors).toEqual([[new Error('broken'), 'keys']]);
    first();
    first();
    handlers.dispatch('keys', 'b');
    expect(heard).toEqual(['a', 'a', 'b']);
    expect(handlers.listening('keys')).toBe(true);
    handlers.clear();
    expect(handlers.listening('keys')).toBe(false);
  });

  it('stops listening on a channel once its last subscription goes', () => {
    const handlers = new NotifierHandlers(() => undefined);
    const remove = handlers.add('keys', () => undefined);
    expect(handlers.listening('keys')).toBe(true);
    remove();
    expect(handlers.listening('keys')).toBe(false);
  });
});
