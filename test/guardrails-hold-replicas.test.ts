// Holding answers for review across replicas: two gateways on one Postgres (keys, records, the
// review queue) and one Redis (the notifier). A caller whose poll a load balancer sends to the
// other replica gets `pending` at once — before the review queue has the item — and no one else
// does; the decision taken on either replica is the one both hand out.

import OpenAI from 'openai';
import { expect, it, onTestFinished, vi } from 'vitest';
import { describeWithPostgres, describeWithRedis } from '../src/storage/testing/services.js';
import { listenEchoUpstream } from './support/echo-upstream.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const message = 'Your answer is waiting for a review.';
const atlas = 'Tell me about Project Atlas';

describeWithPostgres('held answers across replicas', (postgres) => {
  describeWithRedis('on one Postgres and one Redis', (redis) => {
    it('answers a poll on the other replica with pending at once, to its owner only; a decision on either is final on both', async () => {
      const upstream = await listenEchoUpstream();
      const config = (flushIntervalMs: number) => `
storage:
  postgresUrl: "${postgres.url}"
  redisUrl: ${redis.url}
  redisPrefix: "${redis.prefix}"
providers:
  echo: { type: openai, baseUrl: ${upstream.url}/v1, apiKey: echo-key }
models:
  polled:
    guardrails:
      output: [{ check: phrases, action: hold, phrases: [Project Atlas] }]
      hold: { message: '${message}' }
    targets: [{ provider: echo, model: gpt-4o-mini }]
records:
  flushIntervalMs: ${flushIntervalMs}
  body: metadata
`;
      // Replicas share the server secret that keys are HMAC'd under (docs/operations.md).
      vi.stubEnv('SWITCHYARD_SECRET', 'replica-secret-0123456789abcdef0123456789abcdef');
      onTestFinished(() => void vi.unstubAllEnvs());
      // The first replica keeps its records queued for a minute: its review queue lags behind.
      const first = await startTestGateway(config(60_000));
      const second = await startTestGateway(config(20), {}, first);
      onTestFinished(async () => {
        await second.close();
        await first.close();
        await upstream.close();
      });
      const poll = (gateway: TestGateway, id: string, key = first.key) =>
        fetch(`${gateway.url}/v1/reviews/${id}`, { headers: { authorization: `Bearer ${key}` } });
      const admin = (gateway: TestGateway, path: string, init: RequestInit = {}) =>
        fetch(`${gateway.url}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${first.adminToken}`, 'content-type': 'application/json' },
        });

      const openai = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: first.key, maxRetries: 0 });
      const { data, response } = await openai.chat.completions
        .create({ model: 'polled', messages: [{ role: 'user', content: atlas }] })
        .withResponse();
      expect(data.choices[0]?.message.content).toBe(message);
      const id = response.headers.get('x-switchyard-review')!;
      expect(id).toMatch(/^req_/);

      // The other replica knows it from the first one's note, not from the review queue.
      await expect.poll(async () => (await poll(second, id)).status, { timeout: 3000 }).toBe(200);
      expect(await (await poll(second, id)).json()).toMatchObject({ id, status: 'pending', answer: null });
      expect((await admin(second, `/admin/reviews/${id}`)).status).toBe(404);
      // Another key of the same organisation (keys are shared in Postgres): nothing, as for an unknown id.
      const other = await second.gateway.authenticator.createKey({
        kind: 'virtual',
        name: 'other',
        scope: {},
      });
      expect((await poll(second, id, other.key)).status).toBe(404);
      expect((await poll(first, id, other.key)).status).toBe(404);

      // Once the first replica has written its records, the second one decides; both hand it out.
      await first.stop();
      await expect
        .poll(async () => (await admin(second, `/admin/reviews/${id}`)).status, { timeout: 5000 })
        .toBe(200);
      const decided = await admin(second, `/admin/reviews/${id}`, {
        method: 'POST',
        body: JSON.stringify({ decision: 'approve', note: 'fine' }),
      });
      expect(decided.status).toBe(200);
      const taken = (await (await poll(second, id)).json()) as Record<string, any>;
      expect(taken).toMatchObject({ id, status: 'approved', delivery: 'delivered' });
      expect(taken.answer.choices[0].message.content).toBe(`You said: ${atlas}`);
      expect([...first.lines, ...second.lines].join('\n')).not.toMatch(/SWITCHYARD_SECRET/);
    });

    it('warns at start when a replica on Postgres hashes keys under a secret of its own', async () => {
      vi.stubEnv('SWITCHYARD_SECRET', '');
      onTestFinished(() => void vi.unstubAllEnvs());
      const lone = await startTestGateway(
        `
storage:
  postgresUrl: "${postgres.url}"
models: {}
`,
        {},
        // The schema may hold keys already (it prints no first key then).
        { key: '', adminToken: '' },
      );
      onTestFinished(() => lone.close());
      expect(lone.lines.join('\n')).toMatch(
        /switchyard warn: keys are shared in Postgres but hashed under this replica's own secret \(.*secret\): give every replica the same SWITCHYARD_SECRET/,
      );
    });
  });
});
