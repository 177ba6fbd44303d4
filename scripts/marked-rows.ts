// Labeled rows written inline as sentences with each entity marked [[type|value]], turned into
// the JSON lines bench/pii-eval.ts reads: {"text", "entities": [{type, start, end}], "group"}.
// Offsets are UTF-16 code units, end exclusive.

import { writeFileSync } from 'node:fs';

export type MarkedRow = [group: string, sentence: string];

export function markedRowLines(marked: readonly MarkedRow[]): string[] {
  return marked.map(([group, sentence]) => {
    const entities: Array<{ type: string; start: number; end: number }> = [];
    let text = '';
    let rest = sentence;
    for (let at = rest.indexOf('[['); at >= 0; at = rest.indexOf('[[')) {
      const close = rest.indexOf(']]', at);
      const [type, value] = rest.slice(at + 2, close).split('|') as [string, string];
      text += rest.slice(0, at);
      entities.push({ type, start: text.length, end: text.length + value.length });
      text += value;
      rest = rest.slice(close + 2);
    }
    text += rest;
    return JSON.stringify({ text, entities, group });
  });
}

/** Writes the rows as a JSON-lines file under bench/data/ and says how many. */
export function writeMarkedRows(file: string, marked: readonly MarkedRow[]): void {
  const lines = markedRowLines(marked);
  writeFileSync(new URL(`../bench/data/${file}`, import.meta.url), `${lines.join('\n')}\n`);
  console.log(`wrote ${lines.length} rows`);
}
