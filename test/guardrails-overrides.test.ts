// A team's guardrail policy (issue 7), end to end: a key created in the team through the admin API
// gets the team's checks on every route, while other keys keep the route's own.

import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startEchoGateway } from './support/echo-upstream.js';
import type { TestGateway } from './support/test-gateway.js';

async function createKey(gateway: TestGateway, teamId: string): Promise<string> {
  const response = await fetch(`${gateway.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `${teamId}-service`, teamId }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

describe('guardrails per team', () => {
  it("applies the team's policy to its keys and the route's to the others", async () => {
    const { gateway, upstream } = await startEchoGateway(
      `  chat:
    guardrails: { input: [{ check: pii, action: redact }] }
    targets: [{ provider: echo, model: gpt-4o-mini }]`,
      `guardrails:
  teams:
    payments: { input: [{ check: pii, action: block }] }`,
    );
    const ask = (apiKey: string) =>
      new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 }).chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'Mail jane.doe@example.com the report.' }],
      });

    const redacted = await ask(gateway.key);
    expect(redacted.choices[0]!.message.content).toBe('You said: Mail jane.doe@example.com the report.');
    expect(upstream.bodies[0]!.messages[0].content).toBe('Mail [EMAIL_1] the report.');

    const paymentsKey = await createKey(gateway, 'payments');
    const refused = await ask(paymentsKey).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('guardrail_blocked');
    expect(upstream.bodies).toHaveLength(1);

    // A key in another team keeps the route's policy.
    await expect(ask(await createKey(gateway, 'sales'))).resolves.toBeDefined();
    expect(upstream.bodies).toHaveLength(2);
  });
});
