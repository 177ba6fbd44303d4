// A test gateway in front of named fault-injecting upstreams (one OpenAI-style provider each,
// named like the upstream), for the reliability tests. The caller gives the models (and any
// other config) as YAML. Called inside a test, everything is stopped when the test ends.

import OpenAI from 'openai';
import { onTestFinished } from 'vitest';
import { FaultUpstream } from '../../src/upstream/testing/fault-upstream.js';
import type { FaultPlan } from '../../src/upstream/testing/fault-plan.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface FaultGateway {
  gateway: TestGateway;
  upstreams: Record<string, FaultUpstream>;
  stop(): Promise<void>;
}

export async function startFaultGateway(
  plans: Record<string, FaultPlan>,
  yaml: string,
): Promise<FaultGateway> {
  const upstreams: Record<string, FaultUpstream> = {};
  for (const [name, plan] of Object.entries(plans))
    upstreams[name] = await new FaultUpstream({ plan }).start();
  const providers = Object.entries(upstreams)
    .map(
      ([name, upstream]) =>
        `  ${name}: { type: openai, baseUrl: ${upstream.origin}/v1, apiKey: ${name}-key }`,
    )
    .join('\n');
  const gateway = await startTestGateway(`providers:\n${providers}\n${yaml}`);
  const stop = async (): Promise<void> => {
    await gateway.close();
    await Promise.all(Object.values(upstreams).map((upstream) => upstream.stop()));
  };
  onTestFinished(stop);
  return { gateway, upstreams, stop };
}

export interface PrimaryAndBackup {
  gateway: TestGateway;
  primary: FaultUpstream;
  backup: FaultUpstream;
}

/** Two upstreams, `primary` (misbehaving per its plan) and a healthy `backup`, fast retries. */
export async function startPrimaryAndBackup(primaryPlan: FaultPlan, yaml: string): Promise<PrimaryAndBackup> {
  const started = await startFaultGateway(
    { primary: primaryPlan, backup: {} },
    `defaults:\n  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }\n${yaml}`,
  );
  return { gateway: started.gateway, primary: started.upstreams.primary!, backup: started.upstreams.backup! };
}

/** `chat`: the primary, then the backup as its fallback target; `extraModels` are more models: entries. */
export function startChatPrimaryThenBackup(
  primaryPlan: FaultPlan,
  extraModels = '',
): Promise<PrimaryAndBackup> {
  return startPrimaryAndBackup(
    primaryPlan,
    `models:\n  chat:\n    targets: [{ provider: primary, model: m-primary }, { provider: backup, model: m-backup }]\n${extraModels}`,
  );
}

/** POST one small chat completion for `model`, with extra headers. */
export function askChat(
  gateway: TestGateway,
  model: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}`, ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
  });
}

/** Streams one chat answer through the official OpenAI SDK; returns its text and the response headers. */
export async function streamChat(
  gateway: TestGateway,
  model: string,
): Promise<{ text: string; headers: Headers }> {
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  const { data: stream, response } = await client.chat.completions
    .create({ model, messages: [{ role: 'user', content: 'hello' }], stream: true })
    .withResponse();
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return { text, headers: response.headers };
}
