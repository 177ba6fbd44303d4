// The embedded default stays lean: drivers and SDKs for what is not configured (Postgres, Redis,
// OpenTelemetry export, the AWS credential chain and event-stream codec, the guardrails' phone
// plans, the semantic cache's encoder) are loaded only when a setting or a request asks for them;
// together they would add about 25 MB to every gateway's resident memory.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./support/loaded-packages.ts', import.meta.url));

describe('the embedded default', () => {
  it('loads no Postgres driver, Redis client, OpenTelemetry SDK, AWS SDK or codec, phone plans or sentence encoder', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { timeout: 60_000 });
    const loaded = JSON.parse(stdout) as string[];
    // What it does load (so the check sees the cache at all).
    expect(loaded).toEqual(expect.arrayContaining(['better-sqlite3', 'undici', 'prom-client']));
    const heavy = loaded.filter((name) =>
      /^(pg|pg-pool|ioredis|libphonenumber-js|@energetic-ai\/.*|@aws-sdk\/.*|@smithy\/.*|@opentelemetry\/(sdk-.*|exporter-.*|resources|otlp-.*))$/.test(
        name,
      ),
    );
    expect(heavy).toEqual([]);
  });
});
