// Assembles matmul.wat into WebAssembly bytes with wabt (a development dependency). Used by
// scripts/write-matmul-module.ts, which writes the bytes into matmul-module.ts, and by the test
// that checks the committed bytes still match their source.

import { readFile } from 'node:fs/promises';

export async function compileMatmul(): Promise<Uint8Array> {
  const { default: loadWabt } = await import('wabt');
  const wabt = await loadWabt();
  const source = await readFile(new URL('./matmul.wat', import.meta.url), 'utf8');
  const parsed = wabt.parseWat('matmul.wat', source, { simd: true });
  try {
    parsed.validate();
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}
