import { describe, expect, it } from 'vitest';
import { notifierCase } from '../notifier.case.js';
import { MemoryHub, MemoryNotifier } from './memory-notifier.js';

notifierCase('memory', async () => {
  const hub = new MemoryHub();
  return { open: async (options) => new MemoryNotifier({ ...options, hub }) };
});

describe('MemoryNotifier', () => {
  it('keeps notifiers on different hubs apart', async () => {
    const first = new MemoryNotifier();
    const second = new MemoryNotifier();
    const received: string[] = [];
    await second.subscribe('keys', (message) => received.push(message));
    await first.publish('keys', 'elsewhere');
    await second.publish('keys', 'here');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual(['here']);
  });

  it('delivers after publish returns, never inside it', async () => {
    const notifier = new MemoryNotifier();
    const received: string[] = [];
    await notifier.subscribe('keys', (message) => received.push(message));
    const publishing = notifier.publish('keys', 'later');
    expect(received).toEqual([]);
    await publishing;
    await Promise.resolve();
    expect(received).toEqual(['later']);
  });

  it('forgets a channel once its last subscriber leaves', async () => {
    const hub = new MemoryHub();
    const notifier = new MemoryNotifier({ hub });
    const unsubscribe = await notifier.subscribe('keys', () => undefined);
    expect(hub.channels.has('keys')).toBe(true);
    await unsubscribe();
    expect(hub.channels.has('keys')).toBe(false);
  });
});
