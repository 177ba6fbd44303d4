import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHub, MemoryNotifier } from '../storage/memory/memory-notifier.js';
import { HeldPending } from './held-pending.js';
import { heldChannel, shareHeldPending } from './share-held-pending.js';

const owner = { keyId: 'key_1', organizationId: 'acme', teamId: null, projectId: 'p1' };
const stops: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function replicas(count: number, hub = new MemoryHub()) {
  const lines: string[] = [];
  const all = await Promise.all(
    Array.from({ length: count }, async () => {
      const pending = new HeldPending();
      const notifier = new MemoryNotifier({ hub });
      stops.push(await shareHeldPending(pending, notifier, (line) => lines.push(line)));
      return { pending, notifier };
    }),
  );
  return { all, lines, hub };
}

describe('shareHeldPending', () => {
  it('makes a hold known to the other replicas, in its own organisation only', async () => {
    const { all, hub } = await replicas(3);
    const [here, there, third] = all;
    const listener = new MemoryNotifier({ hub });
    const heard: string[] = [];
    await listener.subscribe(heldChannel, (text) => heard.push(text));
    here!.pending.note('req_1', owner, 5000);
    await expect.poll(() => there!.pending.find('req_1', 'acme')).toMatchObject({ owner, expiresAt: 5000 });
    await expect.poll(() => third!.pending.find('req_1', 'acme')).toBeDefined();
    expect(there!.pending.find('req_1', 'other')).toBeUndefined();
    // What a replica absorbed is not sent on again: one message in all.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toHaveLength(1);
    await listener.close();
  });

  it('ignores malformed messages and lets nothing but the owner’s fields through', async () => {
    const { all, hub } = await replicas(1);
    const [only] = all;
    const outsider = new MemoryNotifier({ hub });
    const send = (message: unknown) =>
      outsider.publish(heldChannel, typeof message === 'string' ? message : JSON.stringify(message));
    const valid = { origin: 'elsewhere', id: 'req_ok', owner, expiresAt: 1 };
    for (const message of [
      'not json',
      'null',
      { ...valid, id: 'req_a', expiresAt: 'soon' },
      { ...valid, id: 'req_b', owner: { ...owner, organizationId: 7 } },
      { ...valid, id: 'req_c', owner: { ...owner, keyId: {} } },
      { ...valid, id: 'x'.repeat(201) },
      { ...valid, id: '' },
    ]) {
      await send(message);
    }
    await send({ ...valid, owner: { ...owner, extra: 'dropped' } });
    await expect.poll(() => only!.pending.find('req_ok', 'acme')).toBeDefined();
    expect(only!.pending.size).toBe(1);
    expect(only!.pending.find('req_ok', 'acme')?.owner).toEqual(owner);
    await outsider.close();
  });

  it('stops sharing when stopped, and says so when a publish fails', async () => {
    const { all, lines } = await replicas(2);
    const [here, there] = all;
    await here!.notifier.close();
    here!.pending.note('req_2', owner, 1);
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatch(/^switchyard warn: could not tell the other replicas of held answer req_2/);
    await stops.shift()!();
    here!.pending.note('req_3', owner, 1);
    expect(there!.pending.find('req_3', 'acme')).toBeUndefined();
  });
});
