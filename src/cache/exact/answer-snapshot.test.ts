import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSnapshot, saveSnapshot } from './answer-snapshot.js';
import { MemoryAnswerStore } from './memory-answer-store.js';

const directories: string[] = [];
function file(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'switchyard-snapshot-'));
  directories.push(directory);
  return path.join(directory, 'cache.db');
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const tags = { organizationId: 'acme', projectId: null, route: 'chat', model: 'chat', namespace: '' };
const answer = (text: string, storedAt: number) => ({
  tags,
  storedAt,
  content: { kind: 'json' as const, body: text },
  saved: { inputTokens: 1, outputTokens: 1, usd: null },
});

describe('cache snapshot', () => {
  it('brings live entries back in a new store with what is left of their TTL', async () => {
    const path = file();
    const before = new MemoryAnswerStore(1024 ** 2);
    await before.set('old', answer('first', 1000), 60_000);
    await before.set('new', answer('second', 2000), 60_000);
    await before.set('gone', answer('third', 3000), 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(saveSnapshot(path, before.entries())).toBe(2);

    const loaded = loadSnapshot(path, Date.now(), () => {});
    expect(loaded.map((entry) => entry.digest)).toEqual(['old', 'new']);
    expect(loaded[0]!.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    const after = new MemoryAnswerStore(1024 ** 2);
    expect(after.restore(loaded)).toBe(2);
    expect(await after.get({ digest: 'new', tags })).toEqual(answer('second', 2000));
    expect(await after.get({ digest: 'gone', tags })).toBeUndefined();
  });

  it('skips entries that expired while the gateway was down', async () => {
    const path = file();
    const store = new MemoryAnswerStore(1024 ** 2);
    await store.set('short', answer('x', 1), 50);
    saveSnapshot(path, store.entries());
    expect(loadSnapshot(path, Date.now() + 100, () => {})).toEqual([]);
  });

  it('sets an unreadable file aside and starts empty, saying so', () => {
    const path = file();
    writeFileSync(path, 'not a database');
    const warnings: string[] = [];
    expect(loadSnapshot(path, 42, (line) => warnings.push(line))).toEqual([]);
    expect(warnings[0]).toMatch(/could not be read .* moved to .*cache\.db\.unreadable-42/);
    expect(readdirSync(path.slice(0, path.lastIndexOf('/')))).toContain('cache.db.unreadable-42');
  });

  it('has nothing to load when there is no file', () => {
    expect(loadSnapshot(file(), Date.now(), () => {})).toEqual([]);
  });
});
