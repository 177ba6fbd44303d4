import { describe, expect, it } from 'vitest';
import { headAndTail } from './head-and-tail.js';

describe('headAndTail', () => {
  it('keeps a short text whole', () => {
    expect(headAndTail('abcdef', 8)).toEqual(['abcdef']);
  });

  it('keeps three quarters of the bound from the head and a quarter from the tail', () => {
    expect(headAndTail('0123456789ABCDEF', 8)).toEqual(['012345', 'EF']);
  });
});
