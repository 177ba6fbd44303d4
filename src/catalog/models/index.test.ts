import { describe, expect, it } from 'vitest';
import { catalogEntrySchema } from '../catalog-schema.js';
import { catalogVersion, shippedModels } from './index.js';

describe('the shipped catalog', () => {
  it('validates against the entry schema, with a source and a kind on every entry', () => {
    for (const entry of shippedModels) {
      expect(() => catalogEntrySchema.parse(entry), entry.id).not.toThrow();
      expect(entry.source, entry.id).toMatch(/^https:\/\//);
      expect(entry.kind, entry.id).toBeDefined();
      expect(Object.keys(entry.providers).length, entry.id).toBeGreaterThan(0);
    }
  });

  it('has unique ids, and no upstream name claimed by two entries for one provider type', () => {
    const ids = shippedModels.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    const owners = new Map<string, string>();
    for (const entry of shippedModels) {
      for (const [type, names] of Object.entries(entry.providers)) {
        for (const name of names) {
          const key = `${type} ${name}`;
          expect(owners.get(key), `${key} is claimed by ${owners.get(key)} and ${entry.id}`).toBeUndefined();
          owners.set(key, entry.id);
        }
      }
    }
  });

  it('never lists a zero price (unknown prices are left out) and keeps limits consistent', () => {
    for (const entry of shippedModels) {
      const prices = { ...entry.prices, ...entry.prices?.longContext };
      for (const [part, value] of Object.entries(prices)) {
        if (typeof value === 'number' && part !== 'threshold')
          expect(value, `${entry.id} ${part}`).toBeGreaterThan(0);
      }
      if (entry.maxOutputTokens !== undefined && entry.contextWindow !== undefined) {
        expect(entry.maxOutputTokens, entry.id).toBeLessThanOrEqual(entry.contextWindow);
      }
      if (entry.kind === 'chat') expect(entry.prices?.output ?? 1, entry.id).toBeGreaterThan(0);
    }
  });

  it('prices Anthropic cache writes at 1.25x (5 minutes) and 2x (1 hour) of input', () => {
    const sonnet = shippedModels.find((entry) => entry.id === 'claude-sonnet-4');
    expect(sonnet?.prices).toMatchObject({ input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cachedInput: 0.3 });
    expect(sonnet?.prices?.longContext).toMatchObject({ threshold: 200_000, input: 6, output: 22.5 });
  });

  it('has a date as its version, with a revision when the figures changed twice that day', () => {
    expect(catalogVersion).toMatch(/^\d{4}-\d{2}-\d{2}(\.\d+)?$/);
  });
});
