// Texts for training the gibberish model (scripts/train-gibberish-model.ts): the benign rows of
// injection-train outside the held-out sources, npm READMEs of the installed packages (split by
// package in two halves: one is learned from, the other only checks false positives), and
// synthetic token-soup suffixes built from benign words and punctuation, in the manner of
// optimised suffixes (no attack row is read).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashText } from '../src/guard/injection/ngram-table.js';

export { seededRandom } from './seeded-random.js';

export interface Row {
  text: string;
  label: 'injection' | 'benign';
  source: string;
}

export function readRows(file: string, heldOutSources: Set<string>): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row)
    .filter((row) => !heldOutSources.has(row.source));
}

/** README.md files of at least 2 KB below node_modules, sorted, in two halves by path hash. */
export function readmeHalves(modules: string): { learned: string[]; checked: string[] } {
  const paths: string[] = [];
  const visit = (directory: string, depth: number): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats === undefined) continue;
      if (stats.isDirectory() && depth < 3 && name !== '.bin') visit(path, depth + 1);
      else if (stats.isFile() && name.toLowerCase() === 'readme.md' && stats.size >= 2048) paths.push(path);
    }
  };
  visit(modules, 0);
  const learned: string[] = [];
  const checked: string[] = [];
  for (const path of paths) {
    const relative = path.slice(modules.length);
    (hashText(relative, 0, relative.length, 0) % 2 === 0 ? learned : checked).push(
      readFileSync(path, 'utf8'),
    );
  }
  return { learned, checked };
}

/** Pieces of `size` characters, as prompts are scored. */
export function chunks(texts: string[], size = 1500): string[] {
  const pieces: string[] = [];
  for (const text of texts)
    for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

const punctuationPieces = [
  '.',
  ',',
  ';',
  ':',
  '!',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '<',
  '>',
  '"',
  "'",
  '`',
  '\\',
  '/',
  '+',
  '=',
  '-',
  '_',
  '*',
  '#',
  '@',
  '$',
  '%',
  '^',
  '~',
  '|',
  '](',
  '}}',
  '{%',
  '%{',
  '->',
  '==',
  '**',
  ':)',
  ';)',
  '!--',
  '("',
  '")',
  '?>',
  '.\\',
  '=[',
  '={',
];

/**
 * A token-soup suffix: 15–25 pieces, each a benign word (sometimes cut short, capitalised or in
 * capitals) or punctuation, joined with or without a space as subword tokens are.
 */
export function syntheticSuffix(words: string[], random: () => number): string {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const count = 15 + Math.floor(random() * 11);
  let suffix = '';
  for (let index = 0; index < count; index++) {
    let piece: string;
    if (random() < 0.55) {
      piece = pick(words);
      if (random() < 0.3) piece = piece.slice(0, 2 + Math.floor(random() * Math.max(1, piece.length - 1)));
      const casing = random();
      if (casing < 0.2) piece = piece.charAt(0).toUpperCase() + piece.slice(1);
      else if (casing < 0.3) piece = piece.toUpperCase();
    } else {
      piece = pick(punctuationPieces);
    }
    suffix += (random() < 0.55 ? ' ' : '') + piece;
  }
  return suffix.trim();
}

/** Words of the benign texts seen at least three times, lowercased, sorted. */
export function vocabulary(texts: string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? [])
      counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count >= 3)
    .map(([word]) => word)
    .sort();
}
