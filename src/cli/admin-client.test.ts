import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it, expect } from 'vitest';
import { AdminClient } from './admin-client.js';
import { CliError } from './cli-error.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('AdminClient', () => {
  it('gives up on a gateway that never answers, with a clear message', async () => {
    const url = await listen(() => {
      // never answers
    });
    const client = new AdminClient({ url, token: 't', timeoutMs: 200 });
    await expect(client.listKeys(false)).rejects.toThrow(
      new CliError(`the gateway at ${url} did not answer within 200ms`),
    );
  });

  it('refuses a success status it does not expect', async () => {
    const url = await listen((_request, response) => {
      response.writeHead(204).end();
    });
    const client = new AdminClient({ url, token: 't' });
    await expect(client.revokeKey('k')).rejects.toThrow(
      `the gateway at ${url} answered 204 to DELETE /admin/keys/k, which the CLI does not expect`,
    );
  });

  it('treats an empty token as none', async () => {
    let authorization: string | undefined = 'unset';
    const url = await listen((request, response) => {
      authorization = request.headers.authorization;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
    await new AdminClient({ url, token: '' }).listKeys(false);
    expect(authorization).toBeUndefined();
  });
});
