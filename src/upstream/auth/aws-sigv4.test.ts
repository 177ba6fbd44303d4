import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { describe, expect, it } from 'vitest';
import type { UpstreamRequest } from '../../providers/provider.js';
import { AwsSigV4Authorizer, NodeSha256, signRequest } from './aws-sigv4.js';

/**
 * Published data: AWS's Signature Version 4 test suite (aws-sig-v4-test-suite, from
 * https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html), the `.req` request of a
 * few cases and the signature from their `.authz` files. Credentials, region, service and date are the
 * suite's own example values.
 */
const suite = {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  service: 'service',
  signingDate: new Date('2015-08-30T12:36:00Z'),
};

const vectors: Array<{ name: string; request: UpstreamRequest; signedHeaders: string; signature: string }> = [
  {
    name: 'get-vanilla',
    request: { method: 'GET', url: 'https://example.amazonaws.com/', headers: {} },
    signedHeaders: 'host;x-amz-date',
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    request: {
      method: 'GET',
      url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      headers: {},
    },
    signedHeaders: 'host;x-amz-date',
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-vanilla-query-order-value',
    request: {
      method: 'GET',
      url: 'https://example.amazonaws.com/?Param1=value2&Param1=value1',
      headers: {},
    },
    signedHeaders: 'host;x-amz-date',
    signature: '5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694',
  },
  {
    name: 'get-header-value-trim',
    request: {
      method: 'GET',
      url: 'https://example.amazonaws.com/',
      headers: { 'My-Header1': ' value1', 'My-Header2': ' "a   b   c"' },
    },
    signedHeaders: 'host;my-header1;my-header2;x-amz-date',
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'get-unreserved',
    request: {
      method: 'GET',
      url: 'https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
      headers: {},
    },
    signedHeaders: 'host;x-amz-date',
    signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
  },
  {
    name: 'post-vanilla',
    request: { method: 'POST', url: 'https://example.amazonaws.com/', headers: {} },
    signedHeaders: 'host;x-amz-date',
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'post-vanilla-query',
    request: { method: 'POST', url: 'https://example.amazonaws.com/?Param1=value1', headers: {} },
    signedHeaders: 'host;x-amz-date',
    signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11',
  },
];

function suiteSigner(sha256: typeof NodeSha256 | typeof Sha256 = NodeSha256): SignatureV4 {
  // The suite predates x-amz-content-sha256, so its signatures cover no body-hash header.
  return new SignatureV4({ ...suite, sha256, applyChecksum: false });
}

describe('signRequest against the AWS SigV4 test suite', () => {
  it.each(vectors)('$name', async ({ request, signedHeaders, signature }) => {
    const signed = await signRequest(suiteSigner(), request, { signingDate: suite.signingDate });
    expect(signed.headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    );
    expect(signed.headers['x-amz-date']).toBe('20150830T123600Z');
    expect(signed.headers.host).toBe('example.amazonaws.com');
  });

  it('gives the same signatures with Node hashing as with the AWS pure-JS SHA-256', async () => {
    for (const { request } of vectors) {
      const node = await signRequest(suiteSigner(NodeSha256), request, { signingDate: suite.signingDate });
      const pure = await signRequest(suiteSigner(Sha256), request, { signingDate: suite.signingDate });
      expect(node.headers.authorization).toBe(pure.headers.authorization);
    }
  });

  it('adds the session token of temporary credentials and signs it', async () => {
    const signer = new SignatureV4({
      ...suite,
      credentials: { ...suite.credentials, sessionToken: 'session-token-example' },
      sha256: NodeSha256,
      applyChecksum: false,
    });
    const signed = await signRequest(signer, vectors[5]!.request, { signingDate: suite.signingDate });
    expect(signed.headers['x-amz-security-token']).toBe('session-token-example');
    expect(signed.headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});

describe('signRequest for Bedrock requests', () => {
  const request: UpstreamRequest = {
    method: 'POST',
    url: 'https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse',
    headers: { 'content-type': 'application/json' },
    body: '{"messages":[]}',
  };

  it('signs the body hash, content type and the port of a non-default origin, and keeps the body', async () => {
    const signer = new SignatureV4({ ...suite, region: 'eu-west-1', service: 'bedrock', sha256: NodeSha256 });
    const signed = await signRequest(signer, {
      ...request,
      url: 'http://127.0.0.1:8123/model/m%3A0/converse',
    });
    expect(signed.headers.host).toBe('127.0.0.1:8123');
    expect(signed.headers['x-amz-content-sha256']).toBe(
      createHash('sha256').update('{"messages":[]}').digest('hex'),
    );
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.body).toBe('{"messages":[]}');
    expect(signed.url).toBe('http://127.0.0.1:8123/model/m%3A0/converse');
  });

  it('changes the signature when the body changes (the body hash is signed)', async () => {
    const signer = new SignatureV4({ ...suite, service: 'bedrock', sha256: NodeSha256 });
    const date = new Date('2025-01-01T00:00:00Z');
    const first = await signRequest(signer, request, { signingDate: date });
    const second = await signRequest(signer, { ...request, body: '{"messages":[1]}' }, { signingDate: date });
    expect(first.headers.authorization).not.toBe(second.headers.authorization);
  });
});

describe('AwsSigV4Authorizer', () => {
  it('signs for service bedrock in the configured region with the configured keys', async () => {
    const authorizer = new AwsSigV4Authorizer(
      { aws: { accessKeyId: 'AKIDSTATIC', secretAccessKey: 'static-secret' } },
      { region: 'ap-southeast-2' },
    );
    const signed = await authorizer.authorize({
      method: 'POST',
      url: 'https://bedrock-runtime.ap-southeast-2.amazonaws.com/model/x/converse',
      headers: {},
      body: '{}',
    });
    expect(signed.headers.authorization).toMatch(
      /Credential=AKIDSTATIC\/\d{8}\/ap-southeast-2\/bedrock\/aws4_request/,
    );
    expect(JSON.stringify(signed.headers)).not.toContain('static-secret');
  });

  it('fetches credentials once for many concurrent requests and again after a rejection', async () => {
    let fetches = 0;
    const authorizer = new AwsSigV4Authorizer(
      {},
      {
        region: 'us-east-1',
        credentials: async () => {
          fetches += 1;
          return { accessKeyId: `AKID${fetches}`, secretAccessKey: 'secret' };
        },
      },
    );
    const request: UpstreamRequest = { method: 'POST', url: 'https://example.com/', headers: {} };
    const signed = await Promise.all([1, 2, 3, 4].map(() => authorizer.authorize(request)));
    expect(fetches).toBe(1);
    expect(signed.every((item) => item.headers.authorization?.includes('AKID1/'))).toBe(true);
    authorizer.rejected();
    const again = await authorizer.authorize(request);
    expect(fetches).toBe(2);
    expect(again.headers.authorization).toContain('AKID2/');
  });
});
