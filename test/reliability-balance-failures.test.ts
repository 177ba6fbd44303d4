// Balancing by latency against a deployment that fails fast: its quick errors must not pass for
// speed. East answers every request with a 500 at once; west answers well, 40 ms later.

import { describe, expect, it } from 'vitest';
import { askChat, startFaultGateway } from './support/fault-gateway.js';

describe('balance: latency with a deployment that fails fast', () => {
  it('tries the failing deployment once, then sends every request to the one that answers', async () => {
    const { gateway, upstreams } = await startFaultGateway(
      {
        east: { faults: [{ fault: { kind: 'status', status: 500 }, rate: 1 }] },
        west: { latency: { kind: 'fixed', ms: 40 } },
      },
      `defaults:\n  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }
models:\n  chat:\n    balance: latency\n    targets: [{ provider: east }, { provider: west }]\n`,
    );
    let fellBack = 0;
    for (let index = 0; index < 30; index++) {
      const response = await askChat(gateway, 'chat');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchyard-provider')).toBe('west');
      if (response.headers.get('x-switchyard-fallback') === 'true') fellBack++;
      await response.arrayBuffer();
    }
    // At most the very first request, when neither was measured yet, went to east first.
    expect(upstreams.east!.requests).toBeLessThanOrEqual(1);
    expect(fellBack).toBeLessThanOrEqual(1);
    expect(upstreams.west!.requests).toBe(30);
  });
});
