import { describe, it, expect } from 'vitest';
import { parseByteSize } from './byte-size.js';

describe('parseByteSize', () => {
  it('reads plain bytes and 1024-based units, any case, with spaces', () => {
    expect(parseByteSize('100')).toBe(100);
    expect(parseByteSize('100b')).toBe(100);
    expect(parseByteSize('2k')).toBe(2048);
    expect(parseByteSize(' 512 KB ')).toBe(524_288);
    expect(parseByteSize('32mb')).toBe(33_554_432);
    expect(parseByteSize('1G')).toBe(1_073_741_824);
    expect(parseByteSize('0.5kb')).toBe(512);
  });

  it('refuses what is not a size', () => {
    for (const text of ['', 'mb', '-1mb', '1tb', '1e3', '1 2', '32 megs'])
      expect(parseByteSize(text)).toBeUndefined();
  });

  it('refuses sizes beyond a safe integer', () => {
    expect(parseByteSize('99999999999999999gb')).toBeUndefined();
  });
});
