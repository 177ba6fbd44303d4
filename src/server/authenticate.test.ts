import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { presentedKey } from './authenticate.js';

const withHeaders = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('presentedKey', () => {
  it('reads Authorization: Bearer in any case, trimmed', () => {
    expect(presentedKey(withHeaders({ authorization: 'Bearer sy-abc' }))).toBe('sy-abc');
    expect(presentedKey(withHeaders({ authorization: 'bearer  sy-abc ' }))).toBe('sy-abc');
    expect(presentedKey(withHeaders({ authorization: 'BEARER sy-abc' }))).toBe('sy-abc');
  });

  it('falls back to x-api-key, as the Anthropic SDK sends it', () => {
    expect(presentedKey(withHeaders({ 'x-api-key': 'sy-xyz' }))).toBe('sy-xyz');
    expect(presentedKey(withHeaders({ authorization: 'Basic dXNlcg==', 'x-api-key': 'sy-xyz' }))).toBe(
      'sy-xyz',
    );
  });

  it('finds nothing in an empty bearer, another scheme or no header', () => {
    expect(presentedKey(withHeaders({ authorization: 'Bearer ' }))).toBeUndefined();
    expect(presentedKey(withHeaders({ authorization: 'Bearer    ' }))).toBeUndefined();
    expect(presentedKey(withHeaders({ authorization: 'Basic dXNlcg==' }))).toBeUndefined();
    expect(presentedKey(withHeaders({}))).toBeUndefined();
  });
});
