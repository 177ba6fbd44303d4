// Two gateway replicas on one Redis, in front of a `primary` fault upstream (per its plan) and a
// healthy `backup`, for the tests of state the replicas share. Stopped when the test ends.

import { onTestFinished } from 'vitest';
import type { RedisTestContext } from '../../src/storage/testing/services.js';
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
export async function startRedisReplicas(
  redis: RedisTestContext,
  primaryPlan: FaultPlan,
  yaml: string,
): Promise<Replicas> {
  const primary = await new FaultUpstream({ plan: primaryPlan }).start();
  const backup = await new FaultUpstream().start();
  const config = `
storage:
  redisUrl: ${redis.url}
  redisPrefix: "${redis.prefix}"
providers:
  primary: { type: openai, baseUrl: ${primary.origin}/v1, apiKey: primary-key }
  backup: { type: openai, baseUrl: ${backup.origin}/v1, apiKey: backup-key }
${yaml}`;
  const first = await startTestGateway(config);
  const second = await startTestGateway(config);
  onTestFinished(async () => {
    await first.close();
    await second.close();
    await primary.stop();
    await backup.stop();
  });
  return { first, second, primary, backup };
}
