// Seeded synthetic vectors for the semantic cache's tests and benchmark: random unit vectors and
// neighbours of a vector at a chosen cosine. Deterministic, so a failing test fails every time.

/** A small seeded generator (mulberry32) returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  const first = 1 - random();
  return Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * random());
}

/** A random direction: Gaussian components, scaled to unit length. */
export function randomUnitVector(dimensions: number, random: () => number): Float32Array {
  const vector = new Float32Array(dimensions);
  let sum = 0;
  for (let index = 0; index < dimensions; index++) {
    const value = gaussian(random);
    vector[index] = value;
    sum += value * value;
  }
  const scale = 1 / Math.sqrt(sum);
  for (let index = 0; index < dimensions; index++) vector[index] = vector[index]! * scale;
  return vector;
}

/** A unit vector whose cosine with the unit vector `base` is `cosine` (exactly, up to rounding). */
export function neighbour(base: Float32Array, cosine: number, random: () => number): Float32Array {
  const noise = randomUnitVector(base.length, random);
  let along = 0;
  for (let index = 0; index < base.length; index++) along += noise[index]! * base[index]!;
  let sum = 0;
  for (let index = 0; index < base.length; index++) {
    noise[index] = noise[index]! - along * base[index]!;
    sum += noise[index]! * noise[index]!;
  }
  const across = Math.sqrt(1 - cosine * cosine) / Math.sqrt(sum);
  const result = new Float32Array(base.length);
  for (let index = 0; index < base.length; index++) {
    result[index] = cosine * base[index]! + across * noise[index]!;
  }
  return result;
}
