import { describe, expect, it } from 'vitest';
import { newRequestId } from './request-id.js';

describe('newRequestId', () => {
  it('gives distinct ids of the documented shape', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newRequestId()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 5)) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
  });
});
