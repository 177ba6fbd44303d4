import { describe, expect, it } from 'vitest';
import { EmbeddingTable } from './embedding-table.js';
import { KernelArena, arenaBytes } from './kernel-arena.js';

const width = 16;
const rows = Float32Array.from({ length: 3 * width }, (_, index) =>
  index < width ? Math.sin(index) * 0.3 : index < 2 * width ? 0 : (index - 40) * 1e-3,
);

function table(precision: 'int8' | 'float32'): EmbeddingTable {
  return new EmbeddingTable(
    new KernelArena(arenaBytes(EmbeddingTable.bytes(3, width, precision))),
    rows,
    width,
    precision,
  );
}

describe('EmbeddingTable', () => {
  it('writes a row times a factor, exactly with float32 weights', () => {
    const target = new Float32Array(2 * width).fill(9);
    table('float32').write(2, 2, target, width);
    expect(Array.from(target.subarray(width))).toEqual(
      Array.from(rows.subarray(2 * width), (value) => Math.fround(2 * value)),
    );
    expect(Array.from(target.subarray(0, width))).toEqual(Array(width).fill(9));
  });

  it('with int8 weights, keeps each value within half a step of its row’s scale', () => {
    const embeddings = table('int8');
    expect(embeddings.rows).toBe(3);
    for (const row of [0, 2]) {
      const source = rows.subarray(row * width, (row + 1) * width);
      const step = Math.max(...Array.from(source, Math.abs)) / 127;
      const target = new Float32Array(width);
      embeddings.write(row, 1, target, 0);
      source.forEach((value, index) =>
        expect(Math.abs(target[index]! - value)).toBeLessThanOrEqual(step / 2 + 1e-9),
      );
    }
    // A row of zeros stays zeros (its scale falls back to 1, not to a division by zero).
    const zeros = new Float32Array(width).fill(5);
    embeddings.write(1, 2, zeros, 0);
    expect(Array.from(zeros)).toEqual(Array(width).fill(0));
  });

  it('takes a quarter of the bytes with int8 weights', () => {
    const [values] = EmbeddingTable.bytes(8002, 256, 'float32');
    const int8 = EmbeddingTable.bytes(8002, 256, 'int8');
    expect(values).toBe(8002 * 256 * 4);
    expect(int8).toEqual([8002 * 256, 8002 * 4]);
  });
});
