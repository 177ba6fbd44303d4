import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSnapshot, saveSnapshot, sqliteCalibrationStore } from './answer-snapshot.js';
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

  it('keeps the semantic calibrations in the same file, one per route and budget', async () => {
    const path = file();
    const store = sqliteCalibrationStore(path);
    expect(await store.load()).toEqual([]);
    const calibration = {
      routeKey: 'chat\u0000r',
      errorBudget: 0.01,
      confidence: 0.95,
      snapshot: { binsPerUnit: 1000, bins: [[1900, 3, 1]] as Array<[number, number, number]> },
    };
    await store.save([calibration]);
    await store.save([{ ...calibration, snapshot: { binsPerUnit: 1000, bins: [[1900, 4, 1]] } }]);
    await store.save([{ ...calibration, errorBudget: 0.05 }]);
    const loaded = await store.load();
    expect(loaded).toHaveLength(2);
    expect(loaded.find((entry) => entry.errorBudget === 0.01)?.snapshot.bins).toEqual([[1900, 4, 1]]);
    // The answers' snapshot in the same file is untouched by it, and the other way round.
    saveSnapshot(path, []);
    expect(await store.load()).toHaveLength(2);
  });

  it('has nothing to load when there is no file', () => {
    expect(loadSnapshot(file(), Date.now(), () => {})).toEqual([]);
  });
});
