// A cluster on Postgres alone (no Redis): the replicas hear each other on LISTEN/NOTIFY
// (storage/postgres/postgres-notifier.ts), so a key revoked on one is refused by the others at
// once, though each had it in its key cache (30 s).

import { expect, it } from 'vitest';
import { describeWithPostgres } from '../src/storage/testing/services.js';
import { askChat } from './support/fault-gateway.js';
import { startPostgresReplicas } from './support/replicas.js';

describeWithPostgres('a Postgres cluster without Redis', (postgres) => {
  it('refuses on every replica a key revoked on one, at once', async () => {
    const { first, second } = await startPostgresReplicas(
      postgres,
      {},
      `
models:
  chat:
    targets: [{ provider: primary, model: gpt-4o-mini }]
`,
    );
    const created = await fetch(`${first.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'replicated' }),
    });
    expect(created.status).toBe(201);
    const { key, record } = (await created.json()) as { key: string; record: { id: string } };
    const ask = (replica: typeof first) => askChat(replica, 'chat', { authorization: `Bearer ${key}` });
    // Both replicas know (and cache) the key.
    expect((await ask(first)).status).toBe(200);
    expect((await ask(second)).status).toBe(200);

    const revoked = await fetch(`${first.url}/admin/keys/${record.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${first.adminToken}` },
    });
    expect(revoked.status).toBe(200);
    expect((await ask(first)).status).toBe(401);
    // Well within the key cache's 30 s: the revocation came on the notifier.
    await expect.poll(async () => (await ask(second)).status, { timeout: 2000 }).toBe(401);
  });
});
