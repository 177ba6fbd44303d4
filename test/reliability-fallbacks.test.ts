// Fallbacks to other models (issue 5): a model whose targets all fail hands the request to its
// fallback models when the failure matches their conditions; the record keeps every attempt.

import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/upstream/testing/fault-plan.js';
import { fetchRecord } from './support/fetch-record.js';
import {
  askChat,
  startPrimaryAndBackup,
  streamChat,
  type PrimaryAndBackup,
} from './support/fault-gateway.js';

function start(primaryPlan: FaultPlan): Promise<PrimaryAndBackup> {
  return startPrimaryAndBackup(
    primaryPlan,
    `models:
  chat:
    targets: [{ provider: primary, model: m-primary }]
    fallbacks: [{ model: long-context, on: [context_length] }, { model: spare }]
  strict:
    targets: [{ provider: primary, model: m-strict }]
    fallbacks: [{ model: spare }]
  spare:
    targets: [{ provider: backup, model: m-spare }]
  long-context:
    targets: [{ provider: backup, model: m-long }]
records:
  flushIntervalMs: 20
`,
  );
}

async function logged(
  setup: PrimaryAndBackup,
  id: string,
): Promise<{ route: string; attempts: Array<{ number: number; provider: string; upstreamModel: string }> }> {
  return (await fetchRecord(setup.gateway, id)) as never;
}

describe('fallback models', () => {
  it("hands a failing model's request to its fallback, says so, and logs every attempt", async () => {
    const setup = await start({ faults: [{ fault: { kind: 'status', status: 503 }, rate: 1 }] });
    const response = await askChat(setup.gateway, 'chat');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-fallback-model')).toBe('spare');
    expect(response.headers.get('x-switchyard-fallback')).toBe('true');
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    const record = await logged(setup, response.headers.get('x-request-id')!);
    expect(record.route).toBe('chat');
    // Three attempts on the model's own target (retries), then the fallback's; numbers distinct.
    expect(record.attempts.map((attempt) => `${attempt.number}:${attempt.upstreamModel}`)).toEqual([
      '0:m-primary',
      '1:m-primary',
      '2:m-primary',
      '3:m-spare',
    ]);
  });

  it('sends a context-length refusal to the model that takes it, not to the others', async () => {
    const setup = await start({
      faults: [{ fault: { kind: 'status', status: 400, code: 'context_length_exceeded' }, rate: 1 }],
    });
    const response = await askChat(setup.gateway, 'chat');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-fallback-model')).toBe('long-context');
    expect(response.headers.get('x-switchyard-model')).toBe('m-long');
    expect(setup.primary.requests).toBe(1); // a 400 is never retried on the same target
    // A model without a context_length fallback gives the client the 400.
    const strict = await askChat(setup.gateway, 'strict');
    expect(strict.status).toBe(400);
    expect(((await strict.json()) as { error: { code: string } }).error.code).toBe('context_length_exceeded');
  });

  it('falls back for a stream before its first content, and the SDK reads the answer', async () => {
    const setup = await start({ faults: [{ fault: { kind: 'reset-before-headers' }, rate: 1 }] });
    const { text, headers } = await streamChat(setup.gateway, 'chat');
    expect(text).toBe('Hello from the fault upstream.');
    expect(headers.get('x-switchyard-fallback-model')).toBe('spare');
  });

  it('finds the configured model with the next larger context window in the catalog', async () => {
    // gpt-4o: 128,000 tokens; o3: 200,000; gpt-4.1: 1,047,576; gpt-4o-mini: 128,000 (not larger).
    const setup = await startPrimaryAndBackup(
      { faults: [{ fault: { kind: 'status', status: 400, code: 'context_length_exceeded' }, rate: 1 }] },
      `models:
  gpt-4o:
    targets: [{ provider: primary, model: gpt-4o }]
    fallbacks: [{ longerContext: true }]
  o3:
    targets: [{ provider: primary, model: o3 }]
    fallbacks: [{ longerContext: true }]
  gpt-4.1:
    targets: [{ provider: backup, model: gpt-4.1 }]
  gpt-4o-mini:
    targets: [{ provider: backup, model: gpt-4o-mini }]
`,
    );
    const response = await askChat(setup.gateway, 'gpt-4o');
    expect(response.status).toBe(200);
    // o3 first (the next larger window), which refuses too; then gpt-4.1.
    expect(response.headers.get('x-switchyard-fallback-model')).toBe('gpt-4.1');
    expect(setup.primary.requests).toBe(2);
  });
});
