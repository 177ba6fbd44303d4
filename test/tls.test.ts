// Inbound TLS: with server.tls set, the gateway serves HTTPS that a client trusting the
// certificate can use, and refuses nothing else of its behaviour.

import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completion } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { selfSignedCertificate, type SelfSignedCertificate } from './support/self-signed-certificate.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let certificate: SelfSignedCertificate;
let upstream: MockUpstream;
let gateway: TestGateway;
let trusting: Agent;

beforeAll(async () => {
  certificate = selfSignedCertificate();
  upstream = await new MockUpstream().start();
  upstream.always({ kind: 'json', body: completion() });
  gateway = await startTestGateway(
    mockProvidersYaml(
      upstream.url,
      upstream.url,
      `server:\n  tls: { certFile: ${certificate.certFile}, keyFile: ${certificate.keyFile} }\n`,
    ),
  );
  trusting = new Agent({ connect: { ca: readFileSync(certificate.certFile, 'utf8') } });
});

afterAll(async () => {
  await gateway.close();
  await upstream.stop();
  await trusting.close();
  certificate.remove();
});

describe('inbound TLS', () => {
  it('listens on https', () => {
    expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the official SDK over HTTPS when the client trusts the certificate', async () => {
    const client = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: gateway.key,
      maxRetries: 0,
      fetch: ((input: string, init?: Record<string, unknown>) =>
        undiciFetch(input, { ...init, dispatcher: trusting })) as unknown as typeof fetch,
    });
    const result = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(result.choices[0]?.message.content).toBe('Hello there.');
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(fetch(`${gateway.url}/health`)).rejects.toThrow();
  });
});
