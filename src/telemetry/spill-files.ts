// Names and lists the record writer's spill files: `records-<epoch ms>-<sequence>-<instance>.jsonl`,
// zero-padded so the name order is the creation order. Reads the directory only; never opens a file.

import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface SpillFileEntry {
  path: string;
  name: string;
  /** Epoch milliseconds, from the name. */
  createdAt: number;
}

const spillFilePattern = /^records-(\d{13})-(\d{6})-([0-9a-z]+)\.jsonl$/;

/**
 * The name of a new spill file. The instance part keeps two writers (an old process still closing,
 * a new one starting) from ever appending to the same file within one millisecond.
 */
export function spillFileName(createdAt: number, sequence: number, instance: string): string {
  const stamp = String(Math.max(0, Math.trunc(createdAt))).padStart(13, '0');
  const counter = String(sequence % 1_000_000).padStart(6, '0');
  return `records-${stamp}-${counter}-${instance}.jsonl`;
}

/** The creation time a spill file's name carries; undefined for a name that is not a spill file. */
export function spillFileCreatedAt(name: string): number | undefined {
  const match = spillFilePattern.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The spill files in `directory`, oldest first; none when the directory does not exist yet. */
export async function listSpillFiles(directory: string): Promise<SpillFileEntry[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: SpillFileEntry[] = [];
  for (const name of names) {
    const createdAt = spillFileCreatedAt(name);
    if (createdAt !== undefined) entries.push({ path: path.join(directory, name), name, createdAt });
  }
  return entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}
