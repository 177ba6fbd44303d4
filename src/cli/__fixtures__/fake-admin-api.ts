// A tiny stand-in for the gateway's admin API on 127.0.0.1:0: records each request and answers
// with whatever the test queued. No routing logic of its own, so tests state every answer.

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body: unknown;
  /** Send `body` as this raw text instead of JSON. */
  raw?: boolean;
}

export interface FakeAdminApi {
  url: string;
  requests: RecordedRequest[];
  answer(answer: Answer): void;
  close(): Promise<void>;
}

export async function startFakeAdminApi(): Promise<FakeAdminApi> {
  const requests: RecordedRequest[] = [];
  const answers: Answer[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const answer = answers.shift() ?? { status: 500, body: { error: { message: 'no answer queued' } } };
      response.writeHead(answer.status, { 'content-type': answer.raw ? 'text/html' : 'application/json' });
      response.end(answer.raw ? String(answer.body) : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (answer) => answers.push(answer),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A key record as the admin API describes it. */
export function keyRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'key_1',
    kind: 'virtual',
    name: 'checkout',
    prefix: 'sy-abc',
    scope: { organizationId: 'org_default', teamId: null, projectId: null },
    createdAt: '2025-05-01T08:30:00.000Z',
    expiresAt: null,
    revokedAt: null,
    metadata: {},
    ...overrides,
  };
}

/**
 * One fake admin API for the whole test file, started before its tests, its request log cleared
 * before each and closed after all; the returned object stands for it once it has started.
 */
export function useFakeAdminApi(): FakeAdminApi {
  let started: FakeAdminApi | undefined;
  const current = (): FakeAdminApi => {
    if (started === undefined) throw new Error('the fake admin API is used outside a test');
    return started;
  };
  beforeAll(async () => {
    started = await startFakeAdminApi();
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => {
    current().requests.length = 0;
  });
  return {
    get url() {
      return current().url;
    },
    get requests() {
      return current().requests;
    },
    answer: (answer) => current().answer(answer),
    close: () => current().close(),
  };
}
