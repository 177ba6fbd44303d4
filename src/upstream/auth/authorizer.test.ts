import { describe, expect, it } from 'vitest';
import type { ProviderSettings, UpstreamRequest } from '../../providers/provider.js';
import { RequestSignal } from '../abort-signal.js';
import { authorized, Authorizers, type Authorizer } from './authorizer.js';

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return Object.freeze({
    name: 'east',
    type: 'azure-openai',
    baseUrl: 'https://x',
    apiKeys: [],
    headers: {},
    ...overrides,
  });
}

class Stamp implements Authorizer {
  constructor(readonly label: string) {}
  async authorize(request: UpstreamRequest): Promise<UpstreamRequest> {
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${this.label}` } };
  }
}

const entra = {
  tenantId: 't',
  clientId: 'c',
  clientSecret: 's',
  authorityHost: 'https://login',
  scope: 'x/.default',
};

describe('Authorizers', () => {
  it('builds one authorizer per deployment and keeps it across reloads that leave its credentials alone', () => {
    let built = 0;
    const authorizers = new Authorizers((candidate) => new Stamp(`${candidate.name}-${(built += 1)}`));
    const first = authorizers.for(settings({ entra }));
    // A reload makes new settings objects; the cached token must survive it.
    expect(authorizers.for(settings({ entra, headers: { 'x-extra': '1' } }))).toBe(first);
    expect(built).toBe(1);
    const rotated = authorizers.for(settings({ entra: { ...entra, clientSecret: 'new' } }));
    expect(rotated).not.toBe(first);
    expect(authorizers.for(settings({ name: 'west', entra }))).not.toBe(first);
    expect(built).toBe(3);
  });

  it('remembers deployments that need none, without calling the factory again', () => {
    let calls = 0;
    const authorizers = new Authorizers(() => {
      calls += 1;
      return undefined;
    });
    const plain = settings({ type: 'openai' });
    expect(authorizers.for(plain)).toBeUndefined();
    expect(authorizers.for(plain)).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('hands the request back untouched, not as a promise, when no authorizer applies', async () => {
    const request: UpstreamRequest = { method: 'POST', url: 'https://x/v1', headers: {} };
    const none = new Authorizers(() => undefined);
    expect(authorized(none, settings(), request, new RequestSignal())).toBe(request);
    const stamping = new Authorizers(() => new Stamp('token'));
    const signed = authorized(stamping, settings({ entra }), request, new RequestSignal());
    expect(signed).toBeInstanceOf(Promise);
    expect((await signed).headers.authorization).toBe('Bearer token');
  });
});
