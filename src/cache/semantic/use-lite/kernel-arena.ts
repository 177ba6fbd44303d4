// One block of WebAssembly memory for the sentence encoder: its weights, copied in once, and the
// scratch rows of a forward pass, with the matrix kernel (matmul.wat) working on them in place.
// Sized once and never grown, so every Float32Array view handed out stays valid.

import { matmulModuleBase64 } from './matmul-module.js';

const pageBytes = 65_536;
/** Kernel loads are 16 bytes wide; keeping every block 16-byte aligned keeps them cheap. */
const alignment = 16;

type Matmul = (
  input: number,
  rows: number,
  width: number,
  weights: number,
  columns: number,
  bias: number,
  output: number,
) => void;

/** The part of the WebAssembly API used here (the project's `lib` settings leave it untyped). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let compiled: object | undefined;

/** A float block inside the arena: its byte address for the kernel and a view for JavaScript. */
export interface Block {
  readonly address: number;
  readonly values: Float32Array;
}

export class KernelArena {
  readonly #memory: { readonly buffer: ArrayBuffer };
  readonly #matmul: Matmul;
  readonly #limit: number;
  #next = 0;

  /** `bytes`: everything that will ever be placed or reserved, alignment included. */
  constructor(bytes: number) {
    compiled ??= new webAssembly.Module(Buffer.from(matmulModuleBase64, 'base64'));
    this.#limit = bytes;
    const pages = Math.max(1, Math.ceil(bytes / pageBytes));
    this.#memory = new webAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new webAssembly.Instance(compiled, { env: { memory: this.#memory } });
    this.#matmul = instance.exports.matmul as Matmul;
  }

  /** Bytes of memory the arena holds. */
  get bytes(): number {
    return this.#memory.buffer.byteLength;
  }

  /** Room for `count` floats, zeroed. */
  reserve(count: number): Block {
    const address = this.#next;
    const end = address + count * 4;
    if (end > this.#limit) throw new Error('the encoder arena is full');
    this.#next = Math.ceil(end / alignment) * alignment;
    return { address, values: new Float32Array(this.#memory.buffer, address, count) };
  }

  /** A copy of `values` inside the arena. */
  place(values: Float32Array): Block {
    const block = this.reserve(values.length);
    block.values.set(values);
    return block;
  }

  /** Room for `count` bytes (a whole number of floats), zeroed: files can be read straight into it. */
  reserveBytes(count: number): Uint8Array {
    const block = this.reserve(Math.ceil(count / 4));
    return new Uint8Array(block.values.buffer, block.address, count);
  }

  /** A float view that already lies inside the arena, as a block the kernel can address. */
  blockOf(values: Float32Array): Block {
    if (values.buffer !== this.#memory.buffer)
      throw new Error('the values do not lie inside the encoder arena');
    return { address: values.byteOffset, values };
  }

  /**
   * output[r][j] = bias[j] + Σ_i input[r][i] · weights[i][j] for r < rows, j < columns (a multiple
   * of 8). `input` and `output` are row-major; `weights` is in strips of 8 columns (`packColumns`),
   * so the kernel reads it front to back. `input` and `output` must not overlap.
   */
  matmul(
    input: Block,
    rows: number,
    width: number,
    weights: Block,
    columns: number,
    bias: Block,
    output: Block,
  ): void {
    if (columns % 8 !== 0) throw new Error(`matmul: ${columns} columns is not a multiple of 8`);
    if (
      input.values.length < rows * width ||
      weights.values.length < width * columns ||
      bias.values.length < columns ||
      output.values.length < rows * columns
    ) {
      throw new Error('matmul: a block is smaller than the shapes given');
    }
    this.#matmul(input.address, rows, width, weights.address, columns, bias.address, output.address);
  }
}

/** Bytes an arena needs for blocks of these float counts. */
export function arenaBytes(counts: readonly number[]): number {
  return counts.reduce((total, count) => total + Math.ceil((count * 4) / alignment) * alignment, 0);
}

/** Where weights[row][column] of a `rows`-row matrix lies once packed in strips of 8 columns. */
export function packedIndex(row: number, column: number, rows: number): number {
  return ((column >> 3) * rows + row) * 8 + (column & 7);
}

/** Rearranges a row-major `rows` × `columns` matrix, in place, into the kernel's strips of 8 columns. */
export function packColumns(matrix: Float32Array, rows: number, columns: number): void {
  if (columns % 8 !== 0 || matrix.length !== rows * columns)
    throw new Error('packColumns: shapes do not match');
  const rowMajor = Float32Array.from(matrix);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      matrix[packedIndex(row, column, rows)] = rowMajor[row * columns + column]!;
    }
  }
}
