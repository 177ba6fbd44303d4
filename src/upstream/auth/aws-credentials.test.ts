// The AWS credential chain, each link against local files and servers on 127.0.0.1 only. The chain
// reads process.env, so every test starts from an environment with no AWS_* variables and restores
// the original afterwards: nothing leaks between tests or from the machine running them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { AwsCredentialCache, awsCredentialSource } from './aws-credentials.js';

const original = { ...process.env };
let directory: string;
const servers: Array<{ close(): void; closeAllConnections(): void }> = [];

beforeEach(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  directory = mkdtempSync(join(tmpdir(), 'switchyard-aws-'));
  // No machine's own ~/.aws files: both point at empty files in the test's directory.
  writeFileSync(join(directory, 'empty'), '');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(directory, 'empty');
  process.env.AWS_CONFIG_FILE = join(directory, 'empty');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in original)) delete process.env[name];
  Object.assign(process.env, original);
  rmSync(directory, { recursive: true, force: true });
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`);
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function json(response: ServerResponse, value: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

describe('awsCredentialSource', () => {
  it('uses static keys from the config as they are, without touching the chain', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    const source = awsCredentialSource({
      accessKeyId: 'AKIDCONFIG',
      secretAccessKey: 's',
      sessionToken: 't',
    });
    expect(await source()).toEqual({ accessKeyId: 'AKIDCONFIG', secretAccessKey: 's', sessionToken: 't' });
  });

  it('reads the environment variables', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    process.env.AWS_SESSION_TOKEN = 'env-token';
    const credentials = await awsCredentialSource(undefined)();
    expect(credentials).toMatchObject({
      accessKeyId: 'AKIDFROMENV',
      secretAccessKey: 'env-secret',
      sessionToken: 'env-token',
    });
  });

  it('reads a named profile from the shared credentials file', async () => {
    const file = join(directory, 'credentials');
    writeFileSync(
      file,
      [
        '[default]',
        'aws_access_key_id = AKIDDEFAULT',
        'aws_secret_access_key = default-secret',
        '[bedrock-prod]',
        'aws_access_key_id = AKIDPROFILE',
        'aws_secret_access_key = profile-secret',
        '',
      ].join('\n'),
    );
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    expect(await awsCredentialSource({ profile: 'bedrock-prod' })()).toMatchObject({
      accessKeyId: 'AKIDPROFILE',
      secretAccessKey: 'profile-secret',
    });
    // The chain reads AWS_PROFILE the same way.
    process.env.AWS_PROFILE = 'bedrock-prod';
    expect((await awsCredentialSource(undefined)()).accessKeyId).toBe('AKIDPROFILE');
  });

  it('fails clearly, naming no secret, for a profile that does not exist', async () => {
    const cache = new AwsCredentialCache(awsCredentialSource({ profile: 'missing-profile' }));
    const error = await cache.get().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('upstream_error');
    expect((error as GatewayError).message).toMatch(/could not obtain AWS credentials/);
  });

  it('fetches container credentials from AWS_CONTAINER_CREDENTIALS_FULL_URI with its token', async () => {
    let authorization: string | undefined;
    const container = await serve((request, _body, response) => {
      authorization = request.headers.authorization;
      json(response, {
        AccessKeyId: 'ASIACONTAINER',
        SecretAccessKey: 'container-secret',
        Token: 'container-token',
        Expiration: inMinutes(60),
      });
    });
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${container.url}/v2/credentials/task`;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = 'pod-identity-token';
    const credentials = await awsCredentialSource(undefined)();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIACONTAINER', sessionToken: 'container-token' });
    expect(credentials.expiration).toBeInstanceOf(Date);
    expect(container.requests).toEqual(['GET /v2/credentials/task']);
    expect(authorization).toBe('pod-identity-token');
  });

  it('fetches instance credentials from an IMDSv2 endpoint: token, role, then the role credentials', async () => {
    const imds = await serve((request, _body, response) => {
      if (request.method === 'PUT' && request.url === '/latest/api/token') {
        expect(request.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBeDefined();
        response.writeHead(200).end('imds-session-token');
        return;
      }
      if (request.headers['x-aws-ec2-metadata-token'] !== 'imds-session-token') {
        response.writeHead(401).end();
        return;
      }
      if (request.url === '/latest/meta-data/iam/security-credentials/') {
        response.writeHead(200).end('bedrock-instance-role');
        return;
      }
      if (request.url === '/latest/meta-data/iam/security-credentials/bedrock-instance-role') {
        json(response, {
          Code: 'Success',
          Type: 'AWS-HMAC',
          AccessKeyId: 'ASIAINSTANCE',
          SecretAccessKey: 'instance-secret',
          Token: 'instance-token',
          Expiration: inMinutes(360),
          LastUpdated: new Date().toISOString(),
        });
        return;
      }
      response.writeHead(404).end();
    });
    delete process.env.AWS_EC2_METADATA_DISABLED;
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.url;
    const credentials = await awsCredentialSource(undefined)();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAINSTANCE', sessionToken: 'instance-token' });
    expect(imds.requests).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/bedrock-instance-role',
    ]);
  });

  it('exchanges a web identity token file for role credentials with STS (IRSA)', async () => {
    let form = new URLSearchParams();
    const sts = await serve((_request, body, response) => {
      form = new URLSearchParams(body);
      response.writeHead(200, { 'content-type': 'text/xml' }).end(`
<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>ASIAWEBIDENTITY</AccessKeyId>
      <SecretAccessKey>web-secret</SecretAccessKey>
      <SessionToken>web-token</SessionToken>
      <Expiration>${inMinutes(60)}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/bedrock-role/switchyard</Arn>
      <AssumedRoleId>AROAEXAMPLE:switchyard</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`);
    });
    const tokenFile = join(directory, 'token');
    writeFileSync(tokenFile, 'eyJ.web-identity.jwt');
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = tokenFile;
    process.env.AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/bedrock-role';
    process.env.AWS_ROLE_SESSION_NAME = 'switchyard';
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    const credentials = await awsCredentialSource(undefined)();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAWEBIDENTITY', sessionToken: 'web-token' });
    expect(form.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(form.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/bedrock-role');
    expect(form.get('WebIdentityToken')).toBe('eyJ.web-identity.jwt');
  });
});

describe('AwsCredentialCache', () => {
  it('refreshes container credentials ahead of expiry, with one fetch for concurrent callers', async () => {
    let served = 0;
    const container = await serve((_request, _body, response) => {
      served += 1;
      // Two minutes left: inside the five-minute refresh window from the start.
      json(response, {
        AccessKeyId: `ASIAROUND${served}`,
        SecretAccessKey: 'secret',
        Token: 'token',
        Expiration: inMinutes(2),
      });
    });
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${container.url}/creds`;
    const cache = new AwsCredentialCache(awsCredentialSource(undefined));
    const first = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(first.map((item) => item.accessKeyId)).toEqual(['ASIAROUND1', 'ASIAROUND1', 'ASIAROUND1']);
    expect(served).toBe(1);
    // Near expiry: the current credentials still sign while one refresh runs behind them.
    expect((await cache.get()).accessKeyId).toBe('ASIAROUND1');
    await expect.poll(() => served).toBe(2);
    await expect.poll(async () => (await cache.get()).accessKeyId).toBe('ASIAROUND2');
  });

  it('waits for a fetch once credentials have expired, and serves long-lived ones from memory', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    let fetches = 0;
    const cache = new AwsCredentialCache(
      async () => {
        fetches += 1;
        return { accessKeyId: `AKID${fetches}`, secretAccessKey: 's', expiration: new Date(now + 3_600_000) };
      },
      { now: () => now },
    );
    expect((await cache.get()).accessKeyId).toBe('AKID1');
    now += 30 * 60_000;
    expect((await cache.get()).accessKeyId).toBe('AKID1');
    expect(fetches).toBe(1);
    now += 31 * 60_000;
    expect((await cache.get()).accessKeyId).toBe('AKID2');
  });

  it('never refreshes credentials that have no expiration', async () => {
    let fetches = 0;
    const cache = new AwsCredentialCache(async () => {
      fetches += 1;
      return { accessKeyId: 'AKID', secretAccessKey: 's' };
    });
    for (let index = 0; index < 5; index += 1) await cache.get();
    expect(fetches).toBe(1);
  });

  it('reports a failed fetch and tries again on the next call', async () => {
    let fetches = 0;
    const cache = new AwsCredentialCache(async () => {
      fetches += 1;
      if (fetches === 1) throw new Error('connect ECONNREFUSED 169.254.170.2:80');
      return { accessKeyId: 'AKID', secretAccessKey: 's' };
    });
    const error = await cache.get().catch((caught: unknown) => caught);
    expect((error as GatewayError).message).not.toContain('169.254');
    expect((await cache.get()).accessKeyId).toBe('AKID');
  });
});
