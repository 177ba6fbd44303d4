// One block of WebAssembly memory for the sentence encoder: its weights, copied in once, and the
// scratch rows of a forward pass, with the matrix kernels (matmul.wat) working on them in place.
// Sized once and never grown, so every typed-array view handed out stays valid.

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
type Matmul8 = (
  input: number,
  rows: number,
  width: number,
  weights: number,
  columns: number,
  scales: number,
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

/** A block inside the arena: its byte address for the kernel and a view for JavaScript. */
export interface Block<View = Float32Array> {
  readonly address: number;
  readonly values: View;
}

export class KernelArena {
  readonly #memory: { readonly buffer: ArrayBuffer };
  readonly #matmul: Matmul;
  readonly #matmul8: Matmul8;
  readonly #limit: number;
  #next = 0;

  /** `bytes`: everything that will ever be reserved, alignment included (`arenaBytes`). */
  constructor(bytes: number) {
    compiled ??= new webAssembly.Module(Buffer.from(matmulModuleBase64, 'base64'));
    this.#limit = bytes;
    const pages = Math.max(1, Math.ceil(bytes / pageBytes));
    this.#memory = new webAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new webAssembly.Instance(compiled, { env: { memory: this.#memory } });
    this.#matmul = instance.exports.matmul as Matmul;
    this.#matmul8 = instance.exports.matmul8 as Matmul8;
  }

  /** Bytes of memory the arena holds. */
  get bytes(): number {
    return this.#memory.buffer.byteLength;
  }

  /** Room for `count` floats, zeroed. */
  reserve(count: number): Block {
    const address = this.#take(count * 4);
    return { address, values: new Float32Array(this.#memory.buffer, address, count) };
  }

  /** Room for `count` signed bytes, zeroed. */
  reserveInt8(count: number): Block<Int8Array> {
    const address = this.#take(count);
    return { address, values: new Int8Array(this.#memory.buffer, address, count) };
  }

  /** A copy of `values` inside the arena. */
  place(values: Float32Array): Block {
    const block = this.reserve(values.length);
    block.values.set(values);
    return block;
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
    checkShapes(input, rows, width, weights, columns, bias, output);
    this.#matmul(input.address, rows, width, weights.address, columns, bias.address, output.address);
  }

  /** As `matmul`, with int8 weights (packed the same way) and one scale per column: weights[i][j] · scales[j]. */
  matmul8(
    input: Block,
    rows: number,
    width: number,
    weights: Block<Int8Array>,
    scales: Block,
    columns: number,
    bias: Block,
    output: Block,
  ): void {
    checkShapes(input, rows, width, weights, columns, bias, output);
    if (scales.values.length < columns) throw new Error('matmul: a block is smaller than the shapes given');
    this.#matmul8(
      input.address,
      rows,
      width,
      weights.address,
      columns,
      scales.address,
      bias.address,
      output.address,
    );
  }

  #take(bytes: number): number {
    const address = this.#next;
    const end = address + bytes;
    if (end > this.#limit) throw new Error('the encoder arena is full');
    this.#next = Math.ceil(end / alignment) * alignment;
    return address;
  }
}

function checkShapes(
  input: Block,
  rows: number,
  width: number,
  weights: Block<Float32Array | Int8Array>,
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
}

/** Bytes an arena needs for blocks of these byte counts. */
export function arenaBytes(byteCounts: readonly number[]): number {
  return byteCounts.reduce((total, count) => total + Math.ceil(count / alignment) * alignment, 0);
}

/** Where weights[row][column] of a `rows`-row matrix lies once packed in strips of 8 columns. */
export function packedIndex(row: number, column: number, rows: number): number {
  return ((column >> 3) * rows + row) * 8 + (column & 7);
}

/** Writes a row-major `rows` × `columns` matrix into `target` in the kernel's strips of 8 columns. */
export function packColumns(
  matrix: Float32Array,
  rows: number,
  columns: number,
  target: Float32Array | Int8Array,
  scales?: Float32Array,
): void {
  if (columns % 8 !== 0 || matrix.length !== rows * columns || target.length < rows * columns) {
    throw new Error('packColumns: shapes do not match');
  }
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const value = matrix[row * columns + column]!;
      target[packedIndex(row, column, rows)] =
        scales === undefined ? value : Math.round(value / scales[column]!);
    }
  }
}
