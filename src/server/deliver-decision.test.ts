import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { parseConfig } from '../config/parse-config.js';
import type { GatewayConfig } from '../config/config-schema.js';
import type { Review } from '../storage/review-store.js';
import { deliverDecision, deliveryDefaults, deliveryPolicy } from './deliver-decision.js';
import type { Gateway } from './gateway.js';

const yaml = (retries: string) => `
providers:
  openai: { type: openai, apiKey: sk-test }
models:
  support:
    guardrails:
      output: [{ check: phrases, action: hold, phrases: [Project Atlas] }]
      hold: { callbackUrl: 'https://app.example.com/hooks', secretEnv: HOLD_SECRET${retries} }
    targets: [{ provider: openai, model: gpt-4o-mini }]
  plain:
    targets: [{ provider: openai, model: gpt-4o-mini }]
`;

const load = (retries: string): GatewayConfig =>
  parseConfig(yaml(retries), 'switchyard.yaml', { HOLD_SECRET: 'whsec-1' });

describe('deliveryPolicy', () => {
  it("takes the route's retries over the defaults, and the gateway's own over both", () => {
    const configs = { current: load(', retries: { attempts: 12, maxDelayMs: 20000 }') };
    expect(deliveryPolicy({ configs, holdDelivery: undefined }, 'support')).toEqual({
      ...deliveryDefaults,
      attempts: 12,
      maxDelayMs: 20_000,
    });
    expect(deliveryPolicy({ configs, holdDelivery: { attempts: 2 } }, 'support').attempts).toBe(2);
    // A route without retries, a route gone from the config, no route: the defaults.
    expect(deliveryPolicy({ configs, holdDelivery: undefined }, 'plain')).toEqual(deliveryDefaults);
    expect(deliveryPolicy({ configs, holdDelivery: undefined }, 'removed')).toEqual(deliveryDefaults);
    expect(deliveryPolicy({ configs, holdDelivery: undefined }, null)).toEqual(deliveryDefaults);
  });

  it('refuses retries past the caps that keep a live delivery apart from an abandoned one', () => {
    for (const retries of [
      ', retries: { attempts: 21 }',
      ', retries: { attempts: 0 }',
      ', retries: { maxDelayMs: 30001 }',
      ', retries: { timeoutMs: 10001 }',
      ', retries: { backoff: 2 }',
    ]) {
      expect(() => load(retries), retries).toThrow(ConfigError);
    }
  });
});

describe('deliverDecision', () => {
  it("says on the gateway's log when the review store fails it, and never throws", async () => {
    const lines: string[] = [];
    const gateway = {
      configs: { current: load('') },
      log: (line: string) => lines.push(line),
      reviewStore: {
        hold: async () => {
          throw new Error('database is locked');
        },
      },
    } as unknown as Gateway;
    const review = { id: 'rev_1', organizationId: 'default', route: 'support' } as Review;
    await expect(deliverDecision(gateway, review)).resolves.toBeUndefined();
    expect(lines).toEqual(['switchyard warn: delivering review rev_1: Error: database is locked']);
  });
});
