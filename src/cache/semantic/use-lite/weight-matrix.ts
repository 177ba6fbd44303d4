// A weight matrix in the encoder's arena, either as float32 or as int8 with one scale per column
// (about a quarter of the memory; the vectors move by a cosine of about 1e-3 at most, decision
// 0011), packed in the kernel's strips of 8 columns either way.

import { packColumns, type Block, type KernelArena } from './kernel-arena.js';

export type Precision = 'int8' | 'float32';

export type WeightMatrix =
  | { readonly precision: 'float32'; readonly weights: Block }
  | { readonly precision: 'int8'; readonly weights: Block<Int8Array>; readonly scales: Block };

/** The byte counts of the arena blocks a `rows` × `columns` matrix takes. */
export function matrixBytes(rows: number, columns: number, precision: Precision): number[] {
  return precision === 'float32' ? [rows * columns * 4] : [rows * columns, columns * 4];
}

/** Copies a row-major matrix into the arena, packed (and quantised for int8). */
export function placeMatrix(
  arena: KernelArena,
  rowMajor: Float32Array,
  rows: number,
  columns: number,
  precision: Precision,
): WeightMatrix {
  if (precision === 'float32') {
    const weights = arena.reserve(rows * columns);
    packColumns(rowMajor, rows, columns, weights.values);
    return { precision, weights };
  }
  const weights = arena.reserveInt8(rows * columns);
  const scales = arena.reserve(columns);
  scales.values.set(columnScales(rowMajor, rows, columns));
  packColumns(rowMajor, rows, columns, weights.values, scales.values);
  return { precision, weights, scales };
}

/** Each column's largest magnitude over 127, so the column's values round into -127..127. */
export function columnScales(rowMajor: Float32Array, rows: number, columns: number): Float32Array {
  const scales = new Float32Array(columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      scales[column] = Math.max(scales[column]!, Math.abs(rowMajor[row * columns + column]!));
    }
  }
  for (let column = 0; column < columns; column++) scales[column] = scales[column]! / 127 || 1;
  return scales;
}

/** output = input · matrix + bias (KernelArena.matmul and matmul8 tell the layouts). */
export function multiply(
  arena: KernelArena,
  input: Block,
  rows: number,
  width: number,
  matrix: WeightMatrix,
  columns: number,
  bias: Block,
  output: Block,
): void {
  if (matrix.precision === 'float32') arena.matmul(input, rows, width, matrix.weights, columns, bias, output);
  else arena.matmul8(input, rows, width, matrix.weights, matrix.scales, columns, bias, output);
}
