import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRecord } from './record-writer-fakes.js';
import { listSpillFiles, spillFileCreatedAt, spillFileName } from './spill-files.js';
import { parseSpillText, readSpillFile } from './spill-reader.js';

describe('spill file names', () => {
  it('carry their creation time and sort in creation order', () => {
    const names = [
      spillFileName(1_700_000_000_000, 10, 'aa'),
      spillFileName(999, 0, 'zz'),
      spillFileName(1_700_000_000_000, 9, 'bb'),
    ];
    expect(names[1]).toBe('records-0000000000999-000000-zz.jsonl');
    expect(spillFileCreatedAt(names[0]!)).toBe(1_700_000_000_000);
    expect(spillFileCreatedAt('notes.txt')).toBeUndefined();
    expect([...names].sort()).toEqual([names[1], names[2], names[0]]);
  });

  it('lists only spill files, oldest first, and nothing for a missing directory', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'switchyard-spill-files-'));
    try {
      await writeFile(path.join(directory, spillFileName(2_000, 0, 'b')), '');
      await writeFile(path.join(directory, spillFileName(1_000, 5, 'a')), '');
      await writeFile(path.join(directory, 'README'), '');
      const files = await listSpillFiles(directory);
      expect(files.map((file) => file.createdAt)).toEqual([1_000, 2_000]);
      expect(files[0]?.path).toBe(path.join(directory, spillFileName(1_000, 5, 'a')));
      expect(await listSpillFiles(path.join(directory, 'missing'))).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('spill file reading', () => {
  it('returns whole records and counts torn or foreign lines', () => {
    const text = [
      JSON.stringify(makeRecord('a')),
      '{"no":"id"}',
      JSON.stringify(makeRecord('b')),
      '',
      JSON.stringify(makeRecord('c')).slice(0, 25),
    ].join('\n');
    const content = parseSpillText(text);
    expect(content.records.map((record) => record.id)).toEqual(['a', 'b']);
    expect(content.tornLines).toBe(2);
  });

  it('keeps a last line that is whole but lacks its newline', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'switchyard-spill-read-'));
    try {
      const file = path.join(directory, spillFileName(1, 0, 'x'));
      await writeFile(file, `${JSON.stringify(makeRecord('a'))}\n${JSON.stringify(makeRecord('b'))}`);
      const content = await readSpillFile(file);
      expect(content.records.map((record) => record.id)).toEqual(['a', 'b']);
      expect(content.tornLines).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
