// `switchyard guard scan` on input as editors save it (docs/cli.md, "switchyard guard scan"): a
// byte-order mark is not part of the first line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testContext } from '../src/cli/__fixtures__/test-context.js';

const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-scan-'));
function file(name: string, content: string | Buffer): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

describe('guard scan on hostile input', () => {
  it('scans a JSON-lines file saved with a UTF-8 byte-order mark (Windows editors) like any other', async () => {
    const at = file('bom.jsonl', '\uFEFF{"text": "mail jane@example.com"}\n{"text": "hello"}\n');
    const run = await testContext().run('guard', 'scan', at);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('line 1: email at 5–21 (0.97)\nline 2: nothing found\n');
  });
});
