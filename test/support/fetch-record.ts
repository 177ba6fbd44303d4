// A request's record through the admin API, waiting for it: records are written after the answer.

import type { TestGateway } from './test-gateway.js';

export async function fetchRecord(gateway: TestGateway, id: string): Promise<Record<string, any>> {
  for (let tries = 0; tries < 100; tries++) {
    const response = await fetch(`${gateway.url}/admin/records/${id}`, {
      headers: { authorization: `Bearer ${gateway.adminToken}` },
    });
    if (response.status === 200) return (await response.json()) as Record<string, any>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`record ${id} never arrived`);
}
