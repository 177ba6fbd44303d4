// Finds the line of a key path in a parsed YAML document, so problems found after parsing
// (schema, interpolation, cross-reference) can still point at the line to fix.

import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { PathSegment } from './key-path.js';

/** 1-based line of the deepest node on `path` that exists (the key itself for mapping entries). */
export function lineOf(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}
