// Row-wise steps of the encoder that are not matrix products: layer normalisation and the
// attention softmax, in plain loops over Float32Array rows (cheap next to the products).

const layerNormEpsilon = 1e-6;

export function layerNorm(
  source: Float32Array,
  target: Float32Array,
  count: number,
  size: number,
  scale: Float32Array,
  bias: Float32Array,
): void {
  for (let token = 0; token < count; token++) {
    const row = token * size;
    let mean = 0;
    for (let index = 0; index < size; index++) mean += source[row + index]!;
    mean /= size;
    let variance = 0;
    for (let index = 0; index < size; index++) {
      const centred = source[row + index]! - mean;
      variance += centred * centred;
    }
    const inverse = 1 / Math.sqrt(variance / size + layerNormEpsilon);
    for (let index = 0; index < size; index++) {
      target[row + index] = (source[row + index]! - mean) * inverse * scale[index]! + bias[index]!;
    }
  }
}

/** Softmax of each row's first `count` entries; the padding columns become 0. */
export function softmaxRows(scores: Float32Array, count: number, columns: number): void {
  for (let token = 0; token < count; token++) {
    const row = token * columns;
    let largest = -Infinity;
    for (let index = 0; index < count; index++) largest = Math.max(largest, scores[row + index]!);
    let total = 0;
    for (let index = 0; index < count; index++) {
      const value = Math.exp(scores[row + index]! - largest);
      scores[row + index] = value;
      total += value;
    }
    for (let index = 0; index < count; index++) scores[row + index]! /= total;
    scores.fill(0, row + count, row + columns);
  }
}
