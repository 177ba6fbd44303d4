import { describe, expect, it } from 'vitest';
import { compileMatmul } from './compile-matmul.js';
import { KernelArena, arenaBytes, packColumns, packedIndex } from './kernel-arena.js';
import { columnScales, matrixBytes, placeMatrix, multiply } from './weight-matrix.js';
import { matmulModuleBase64 } from './matmul-module.js';

/** A seeded generator, so a failure can be replayed. */
function randomValues(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

function reference(
  input: Float32Array,
  rows: number,
  width: number,
  weights: Float32Array,
  columns: number,
  bias: Float32Array,
) {
  const output = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let sum = bias[column]!;
      for (let index = 0; index < width; index++)
        sum += input[row * width + index]! * weights[index * columns + column]!;
      output[row * columns + column] = sum;
    }
  }
  return output;
}

describe('the matrix kernel', () => {
  it('is the assembly of matmul.wat (run scripts/write-matmul-module.ts after editing it)', async () => {
    const assembled = await compileMatmul();
    expect(Buffer.from(assembled).toString('base64')).toBe(matmulModuleBase64);
  });

  // Every row count from 1 to 9 crosses the four-row blocks and the one-row tail.
  it.each([
    [1, 16, 8],
    [2, 7, 16],
    [3, 64, 24],
    [4, 33, 8],
    [5, 256, 40],
    [6, 1, 8],
    [7, 128, 64],
    [8, 512, 16],
    [9, 96, 32],
    [61, 40, 48],
  ])('multiplies %i rows of %i by %i columns, bias added', (rows, width, columns) => {
    const input = randomValues(rows * width, rows);
    const weights = randomValues(width * columns, width);
    const bias = randomValues(columns, columns);
    const arena = new KernelArena(
      arenaBytes([rows * width, width * columns, columns, rows * columns + 8].map((count) => count * 4)),
    );
    const inputBlock = arena.place(input);
    const weightBlock = arena.reserve(width * columns);
    packColumns(weights, width, columns, weightBlock.values);
    const biasBlock = arena.place(bias);
    const output = arena.reserve(rows * columns + 8);
    output.values.fill(7);
    arena.matmul(inputBlock, rows, width, weightBlock, columns, biasBlock, output);
    const expected = reference(input, rows, width, weights, columns, bias);
    for (let index = 0; index < rows * columns; index++) {
      expect(output.values[index]).toBeCloseTo(expected[index]!, 4);
    }
    // Nothing written past the output's rows.
    expect(Array.from(output.values.subarray(rows * columns))).toEqual(Array(8).fill(7));
    // The input and the weights are left as they were.
    expect(inputBlock.values).toEqual(input);
  });

  it('packs a matrix in strips of 8 columns, each strip row after row', () => {
    const matrix = new Float32Array(3 * 16);
    packColumns(
      Float32Array.from({ length: 3 * 16 }, (_, index) => index),
      3,
      16,
      matrix,
    );
    // Strip 0: rows 0..2 of columns 0..7, then strip 1: columns 8..15.
    expect(Array.from(matrix.subarray(0, 8))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(matrix.subarray(8, 16))).toEqual([16, 17, 18, 19, 20, 21, 22, 23]);
    expect(Array.from(matrix.subarray(24, 32))).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(packedIndex(2, 9, 3)).toBe((1 * 3 + 2) * 8 + 1);
    expect(() => packColumns(new Float32Array(12), 2, 6, new Float32Array(12))).toThrow(/shapes/);
  });

  it('refuses shapes its blocks cannot hold, and columns that are not whole strips', () => {
    const arena = new KernelArena(arenaBytes([64, 64, 16, 64].map((count) => count * 4)));
    const [input, weights, bias, output] = [
      arena.reserve(64),
      arena.reserve(64),
      arena.reserve(16),
      arena.reserve(64),
    ];
    expect(() => arena.matmul(input, 8, 8, weights, 12, bias, output)).toThrow(/multiple of 8/);
    expect(() => arena.matmul(input, 9, 8, weights, 8, bias, output)).toThrow(/smaller/);
    expect(() => arena.matmul(input, 4, 16, weights, 8, bias, output)).toThrow(/smaller/);
    expect(() => arena.reserve(1)).toThrow(/full/);
  });

  it.each([
    [1, 16, 8],
    [3, 64, 24],
    [4, 33, 8],
    [6, 512, 16],
    [9, 96, 32],
  ])('multiplies %i rows of %i by %i columns of int8 weights, each column scaled', (rows, width, columns) => {
    const input = randomValues(rows * width, rows + 100);
    const weights = randomValues(width * columns, width + 100);
    // One column of zeros: its scale falls back to 1 rather than dividing by 0.
    for (let row = 0; row < width; row++) weights[row * columns + 5] = 0;
    const bias = randomValues(columns, columns + 100);
    const arena = new KernelArena(
      arenaBytes([
        rows * width * 4,
        ...matrixBytes(width, columns, 'int8'),
        columns * 4,
        (rows * columns + 8) * 4,
      ]),
    );
    const inputBlock = arena.place(input);
    const matrix = placeMatrix(arena, weights, width, columns, 'int8');
    const biasBlock = arena.place(bias);
    const output = arena.reserve(rows * columns + 8);
    output.values.fill(7);
    multiply(arena, inputBlock, rows, width, matrix, columns, biasBlock, output);
    // Against the same product over the dequantised weights: only the kernel's arithmetic differs.
    const scales = columnScales(weights, width, columns);
    expect(scales[5]).toBe(1);
    const dequantised = weights.map(
      (value, index) => Math.round(value / scales[index % columns]!) * scales[index % columns]!,
    );
    const expected = reference(input, rows, width, dequantised, columns, bias);
    for (let index = 0; index < rows * columns; index++) {
      expect(output.values[index]).toBeCloseTo(expected[index]!, 4);
    }
    // And close to the float32 product: int8 keeps each weight within half a step of its column's scale.
    const exact = reference(input, rows, width, weights, columns, bias);
    for (let index = 0; index < rows * columns; index++) {
      expect(Math.abs(output.values[index]! - exact[index]!)).toBeLessThan(0.02 * Math.sqrt(width));
    }
    expect(Array.from(output.values.subarray(rows * columns))).toEqual(Array(8).fill(7));
  });
});
