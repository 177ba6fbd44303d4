import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectBody } from './collect-body.js';

const tooLarge = () => new Error('too large');

describe('collectBody', () => {
  it('joins every chunk in order', async () => {
    const stream = new PassThrough();
    const body = collectBody(stream, 100, tooLarge);
    stream.write('ab');
    stream.write(Buffer.from('cd'));
    stream.end('ef');
    expect((await body).toString()).toBe('abcdef');
  });

  it('rejects as soon as the limit is passed and stops reading', async () => {
    const stream = new PassThrough();
    const body = collectBody(stream, 4, tooLarge);
    stream.write('abc');
    stream.write('de');
    await expect(body).rejects.toThrow('too large');
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.isPaused()).toBe(true);
  });

  it('rejects when the stream closes before its end', async () => {
    const stream = new PassThrough();
    const body = collectBody(stream, 100, tooLarge);
    stream.write('partial');
    stream.destroy();
    await expect(body).rejects.toThrow(/before it was complete/);
  });

  it('passes a stream error on', async () => {
    const stream = new PassThrough();
    const body = collectBody(stream, 100, tooLarge);
    stream.destroy(new Error('reset'));
    await expect(body).rejects.toThrow('reset');
  });
});
