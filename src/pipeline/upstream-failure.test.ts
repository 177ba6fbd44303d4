import { describe, expect, it } from 'vitest';
import { openaiProvider } from '../providers/openai/index.js';
import type { ProviderSettings } from '../providers/provider.js';
import { Authorizers, type Authorizer } from '../upstream/auth/authorizer.js';
import { KeyRings } from '../upstream/key-ring.js';
import { upstreamFailure } from './upstream-failure.js';

const body401 = JSON.stringify({
  error: { message: 'Incorrect API key provided', type: 'invalid_request_error' },
});

function settings(apiKeys: string[]): ProviderSettings {
  return { name: 'p', type: 'openai', baseUrl: 'https://x/v1', apiKeys, headers: {} };
}

class Tokens implements Authorizer {
  dropped = 0;
  async authorize(request: never): Promise<never> {
    return request;
  }
  rejected(): void {
    this.dropped += 1;
  }
}

describe('upstreamFailure', () => {
  it('leaves errors other than 401/403 as the provider mapped them', () => {
    const error = upstreamFailure(openaiProvider, 503, {}, '{}', settings(['a', 'b']), 'a', {
      authorizers: new Authorizers(() => undefined),
      keyRings: new KeyRings(),
    });
    expect(error.retryable).toBe(true);
  });

  it('benches a refused key and retries when another key is left, never with one key', () => {
    const state = { authorizers: new Authorizers(() => undefined), keyRings: new KeyRings() };
    expect(
      upstreamFailure(openaiProvider, 401, {}, body401, settings(['a', 'b']), 'a', state).retryable,
    ).toBe(true);
    expect(state.keyRings.pick('p', ['a', 'b'])).toBe('b');
    expect(
      upstreamFailure(openaiProvider, 401, {}, body401, settings(['only']), 'only', state).retryable,
    ).toBe(false);
  });

  it('drops a cached token on 401 and retries; on 403 only when the upstream says it expired', () => {
    const tokens = new Tokens();
    const state = { authorizers: new Authorizers(() => tokens), keyRings: new KeyRings() };
    expect(upstreamFailure(openaiProvider, 401, {}, body401, settings([]), '', state).retryable).toBe(true);
    expect(tokens.dropped).toBe(1);
    const denied = upstreamFailure(
      openaiProvider,
      403,
      { 'x-amzn-errortype': 'AccessDeniedException' },
      '{"message":"no access"}',
      settings([]),
      '',
      state,
    );
    expect(denied.retryable).toBe(false);
    const expired = upstreamFailure(
      openaiProvider,
      403,
      {
        'x-amzn-errortype':
          'ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/',
      },
      '{"message":"The security token included in the request is expired"}',
      settings([]),
      '',
      state,
    );
    expect(expired.retryable).toBe(true);
    expect(tokens.dropped).toBe(3);
  });
});
