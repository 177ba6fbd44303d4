// Byte sizes as people write them in config: 33554432, '512kb', '32mb', '1gb' (powers of 1024).

const units: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

export const byteSizePattern = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i;

/** The size in bytes, or undefined when the text is not a byte size. */
export function parseByteSize(text: string): number | undefined {
  const match = byteSizePattern.exec(text);
  if (!match) return undefined;
  const factor = units[(match[2] ?? '').toLowerCase()];
  if (factor === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
