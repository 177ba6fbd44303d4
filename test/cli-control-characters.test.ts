// A key holder chooses a request's `model`, and the request log keeps it as sent (refused requests
// too): `switchyard logs` and `switchyard usage --by model` show its control characters as \u
// escapes, so a hostile name cannot drive the operator's terminal.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../src/cli/__fixtures__/test-context.js';
import { fetchRecord } from './support/fetch-record.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;
let anthropicMock: MockUpstream;
let gateway: TestGateway;
// OSC 2 (set the window title) and "clear screen": harmless here, but OSC 52 (clipboard) or a
// forged line works the same way.
const hostile = 'evil\u001b]2;pwned\u0007\u001b[2J-model';

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
  anthropicMock = await new MockUpstream().start();
  gateway = await startTestGateway(mockProvidersYaml(openaiMock.url, anthropicMock.url));
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: hostile, messages: [{ role: 'user', content: 'x' }] }),
  });
  await response.arrayBuffer();
  const record = await fetchRecord(gateway, response.headers.get('x-request-id')!);
  expect(record.model).toBe(hostile);
});

afterAll(async () => {
  await gateway.close();
  await openaiMock.stop();
  await anthropicMock.stop();
});

const cli = () =>
  testContext({ env: { SWITCHYARD_URL: gateway.url, SWITCHYARD_ADMIN_TOKEN: gateway.adminToken } });

describe('client-chosen text in the CLI tables', () => {
  it('switchyard logs prints a model name control characters as \\u escapes', async () => {
    const logs = await cli().run('logs', '--limit', '5');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('evil');
    expect(controlCharacters(logs.stdout)).toEqual([]);
    expect(logs.stdout).toContain('evil\\u001b]2;pwned\\u0007\\u001b[2J-model');
  });

  it('switchyard usage --by model prints a model name control characters as \\u escapes', async () => {
    const usage = await cli().run('usage', '--by', 'model', '--from', '0');
    expect(usage.code).toBe(0);
    expect(usage.stdout).toContain('evil');
    expect(controlCharacters(usage.stdout)).toEqual([]);
  });
});

/** The control characters in `text` other than line breaks and tabs. */
function controlCharacters(text: string): number[] {
  return [...text]
    .map((character) => character.charCodeAt(0))
    .filter((code) => (code < 0x20 && code !== 0x0a && code !== 0x09) || (code >= 0x7f && code <= 0x9f));
}
