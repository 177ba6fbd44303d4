// A request's record through the admin API, waiting for it: records are written after the answer,
// in batches, so on a loaded machine (a CI run beside other work) one can take a few seconds.

import type { TestGateway } from './test-gateway.js';

export async function fetchRecord(
  gateway: TestGateway,
  id: string,
  timeoutMs = 10_000,
): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${gateway.url}/admin/records/${id}`, {
      headers: { authorization: `Bearer ${gateway.adminToken}` },
    });
    if (response.status === 200) return (await response.json()) as Record<string, any>;
    await response.arrayBuffer();
    if (Date.now() > deadline) throw new Error(`record ${id} never arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
