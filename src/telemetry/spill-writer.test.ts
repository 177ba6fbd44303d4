import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRecord, makeRecords, spilledIds, spillFileNames } from './record-writer-fakes.js';
import type { SpillFileEntry } from './spill-files.js';
import { SpillWriter, type SpillWriterOptions } from './spill-writer.js';

let directory: string;
let errors: Array<{ error: unknown; lost: number }>;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'switchyard-spill-writer-'));
  errors = [];
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function newSpillWriter(options: Partial<SpillWriterOptions> = {}): SpillWriter {
  let clock = 1_000;
  return new SpillWriter({
    directory: path.join(directory, 'spill'),
    now: () => (clock += 1),
    maxFileBytes: 1024 * 1024,
    onError: (error, lost) => errors.push({ error, lost }),
    ...options,
  });
}

describe('SpillWriter', () => {
  it('appends records as JSON lines in order, creating the directory', async () => {
    const created: SpillFileEntry[] = [];
    const writer = newSpillWriter({ onFileCreated: (entry) => created.push(entry) });
    writer.append(makeRecords(3, 'a'));
    writer.append([makeRecord('b')]);
    expect(writer.pending).toBe(4);
    await writer.idle();
    expect(writer.pending).toBe(0);
    expect(await spilledIds(path.join(directory, 'spill'))).toEqual(['a-0', 'a-1', 'a-2', 'b']);
    expect(created).toHaveLength(1);
    expect(writer.currentPath).toBe(created[0]?.path);
    expect(writer.spilled).toBe(4);
    await writer.close();
    expect(writer.currentPath).toBeUndefined();
  });

  it('starts a new file after rotate() and past maxFileBytes', async () => {
    const lineBytes = Buffer.byteLength(`${JSON.stringify(makeRecord('size-0'))}\n`);
    const writer = newSpillWriter({ maxFileBytes: 2 * lineBytes - 1, chunkSize: 1 });
    writer.append([makeRecord('first')]);
    await writer.rotate();
    expect(writer.currentPath).toBeUndefined();
    // Every second record fills a file.
    writer.append(makeRecords(4, 'size'));
    await writer.close();
    const names = await spillFileNames(path.join(directory, 'spill'));
    expect(names).toHaveLength(3);
    const firstFile = await readFile(path.join(directory, 'spill', names[0]!), 'utf8');
    expect(firstFile.trim().split('\n')).toHaveLength(1);
    expect(await spilledIds(path.join(directory, 'spill'))).toEqual([
      'first',
      'size-0',
      'size-1',
      'size-2',
      'size-3',
    ]);
  });

  it('counts records it cannot write as dropped and keeps going once the directory is usable', async () => {
    const blocked = path.join(directory, 'spill');
    await writeFile(blocked, 'a file in the way');
    const writer = newSpillWriter();
    writer.append(makeRecords(5));
    await writer.idle();
    expect(writer.dropped).toBe(5);
    expect(writer.spilled).toBe(0);
    expect(errors).toEqual([
      { error: expect.objectContaining({ code: expect.stringMatching(/EEXIST|ENOTDIR/) }), lost: 5 },
    ]);
    await rm(blocked);
    writer.append([makeRecord('later')]);
    await writer.close();
    expect(writer.spilled).toBe(1);
    expect(await spilledIds(blocked)).toEqual(['later']);
  });

  it('drops a record that cannot be serialised without losing its neighbours', async () => {
    const writer = newSpillWriter();
    const cyclic = makeRecord('cyclic') as unknown as Record<string, unknown>;
    cyclic.self = cyclic;
    writer.append([makeRecord('a'), cyclic as never, makeRecord('b')]);
    await writer.close();
    expect(writer.dropped).toBe(1);
    expect(await spilledIds(path.join(directory, 'spill'))).toEqual(['a', 'b']);
  });
});
