// Two gateway replicas of one cluster (on one Redis, or on one Postgres without Redis), in front
// of a `primary` fault upstream (per its plan) and a healthy `backup`, for the tests of state the
// replicas share. Stopped when the test ends.

import { onTestFinished, vi } from 'vitest';
import type { PostgresTestContext, RedisTestContext } from '../../src/storage/testing/services.js';
import { FaultUpstream } from '../../src/upstream/testing/fault-upstream.js';
import type { FaultPlan } from '../../src/upstream/testing/fault-plan.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface Replicas {
  first: TestGateway;
  second: TestGateway;
  primary: FaultUpstream;
  backup: FaultUpstream;
}

/** `yaml`: the rest of the config (models, defaults); providers and storage are set here. */
export function startRedisReplicas(
  redis: RedisTestContext,
  primaryPlan: FaultPlan,
  yaml: string,
): Promise<Replicas> {
  return startReplicas(
    `  redisUrl: ${redis.url}\n  redisPrefix: "${redis.prefix}"`,
    primaryPlan,
    yaml,
    false,
  );
}

/** Replicas with no Redis: they hear each other on Postgres (the schema names their channel). */
export function startPostgresReplicas(
  postgres: PostgresTestContext,
  primaryPlan: FaultPlan,
  yaml: string,
): Promise<Replicas> {
  // Replicas share the server secret keys are HMAC'd under, and so the keys (docs/operations.md).
  vi.stubEnv('SWITCHYARD_SECRET', 'replica-secret-0123456789abcdef0123456789abcdef');
  onTestFinished(() => void vi.unstubAllEnvs());
  return startReplicas(
    `  postgresUrl: "${postgres.url}"\n  redisPrefix: "${postgres.schema}:"`,
    primaryPlan,
    yaml,
    true,
  );
}

/** `sharedKeys`: the replicas share one keys database, so the second prints no key of its own. */
async function startReplicas(
  storage: string,
  primaryPlan: FaultPlan,
  yaml: string,
  sharedKeys: boolean,
): Promise<Replicas> {
  const primary = await new FaultUpstream({ plan: primaryPlan }).start();
  const backup = await new FaultUpstream().start();
  const config = `
storage:
${storage}
providers:
  primary: { type: openai, baseUrl: ${primary.origin}/v1, apiKey: primary-key }
  backup: { type: openai, baseUrl: ${backup.origin}/v1, apiKey: backup-key }
${yaml}`;
  const first = await startTestGateway(config);
  const second = await startTestGateway(config, {}, sharedKeys ? first : undefined);
  onTestFinished(async () => {
    await first.close();
    await second.close();
    await primary.stop();
    await backup.stop();
  });
  return { first, second, primary, backup };
}
