// The encoder's token embeddings (8,002 × 256) in its arena: float32, or int8 with one scale per
// row (2 MB instead of 8). Only the rows of a text's tokens are read, so this stays in JavaScript.

import type { Block, KernelArena } from './kernel-arena.js';
import type { Precision } from './weight-matrix.js';

export class EmbeddingTable {
  readonly rows: number;
  readonly #width: number;
  readonly #values: Block<Float32Array | Int8Array>;
  readonly #scales: Float32Array | undefined;

  static bytes(rows: number, width: number, precision: Precision): number[] {
    return precision === 'float32' ? [rows * width * 4] : [rows * width, rows * 4];
  }

  constructor(arena: KernelArena, rowMajor: Float32Array, width: number, precision: Precision) {
    this.rows = rowMajor.length / width;
    this.#width = width;
    if (precision === 'float32') {
      this.#values = arena.place(rowMajor);
      this.#scales = undefined;
      return;
    }
    const values = arena.reserveInt8(rowMajor.length);
    const scales = arena.reserve(this.rows).values;
    for (let row = 0; row < this.rows; row++) {
      const start = row * width;
      let largest = 0;
      for (let index = 0; index < width; index++)
        largest = Math.max(largest, Math.abs(rowMajor[start + index]!));
      const scale = largest / 127 || 1;
      scales[row] = scale;
      for (let index = 0; index < width; index++) {
        values.values[start + index] = Math.round(rowMajor[start + index]! / scale);
      }
    }
    this.#values = values;
    this.#scales = scales;
  }

  /** Writes `factor` × row `id` into `target` from `offset`. */
  write(id: number, factor: number, target: Float32Array, offset: number): void {
    const width = this.#width;
    const scaled = factor * (this.#scales?.[id] ?? 1);
    const values = this.#values.values;
    const start = id * width;
    for (let index = 0; index < width; index++) target[offset + index] = scaled * values[start + index]!;
  }
}
