import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerReviewMetrics } from './metrics-reviews.js';

const pendingLine = (text: string) =>
  text.split('\n').find((line) => line.startsWith('switchyard_reviews_pending '));

describe('switchyard_reviews_pending', () => {
  it('reads the pending count at each scrape, and keeps the last value when a read fails', async () => {
    const registry = new Registry();
    const errors: string[] = [];
    const answers: Array<number | Error> = [3, 5, new Error('database is locked')];
    registerReviewMetrics(
      registry,
      async () => {
        const next = answers.shift();
        if (next instanceof Error || next === undefined) throw next ?? new Error('no answer');
        return next;
      },
      (error) => errors.push(error.message),
    );
    expect(pendingLine(await registry.metrics())).toBe('switchyard_reviews_pending 3');
    expect(pendingLine(await registry.metrics())).toBe('switchyard_reviews_pending 5');
    expect(pendingLine(await registry.metrics())).toBe('switchyard_reviews_pending 5');
    expect(errors).toEqual(['database is locked']);
  });
});
