import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { InjectionClassifier, sigmoid, type ClassifierWeightsFile } from './classifier.js';
import { hashFeatures } from './feature-hashing.js';

const bits = 12;

/** A classifier whose weights favour the features of `marker` and nothing else. */
function markerClassifier(marker: string, windowLength = 400): InjectionClassifier {
  const weights = new Float32Array(2 ** bits);
  const { codes, count } = hashFeatures(marker, bits);
  for (const code of codes.subarray(0, count)) weights[code >>> 1] = code & 1 ? 3 : -3;
  return new InjectionClassifier(weights, -2, windowLength);
}

describe('InjectionClassifier', () => {
  it('scores the bias alone for text with no weighted features', () => {
    const classifier = new InjectionClassifier(new Float32Array(2 ** bits), -1.5, 400);
    expect(classifier.score('anything at all')).toBeCloseTo(sigmoid(-1.5), 6);
  });

  it('scores text with the learned features higher', () => {
    const classifier = markerClassifier('zyxw override');
    expect(classifier.score('zyxw override')).toBeGreaterThan(0.9);
    expect(classifier.score('a normal question about cooking')).toBeLessThan(0.5);
  });

  it('finds a marker buried in a long text, window by window', () => {
    const classifier = markerClassifier('zyxw override');
    const padding = 'a normal sentence about cooking. '.repeat(200);
    expect(classifier.score(`${padding}zyxw override${padding}`)).toBeGreaterThan(0.9);
  });

  it('still scores the tail of a text past the long-text bound', () => {
    const classifier = markerClassifier('zyxw override');
    const padding = 'a normal sentence about cooking. '.repeat(400);
    expect(classifier.score(`${padding}zyxw override`, 4_000)).toBeGreaterThan(0.9);
  });

  it('loads int8 weights with their scale from a weights file', () => {
    const values = new Int8Array(2 ** bits);
    values[5] = 127;
    values[6] = -64;
    const file: ClassifierWeightsFile = {
      format: 'switchyard-injection-classifier/1',
      bits,
      scale: 0.01,
      bias: 0.25,
      weights: Buffer.from(values.buffer).toString('base64'),
      windowLength: 400,
    };
    const classifier = InjectionClassifier.fromFile(file);
    expect(classifier.bits).toBe(bits);
    expect(classifier.score('')).toBeCloseTo(sigmoid(0.25), 6);
  });

  it('rejects a weights file of the wrong size or format', () => {
    const file: ClassifierWeightsFile = {
      format: 'switchyard-injection-classifier/1',
      bits,
      scale: 1,
      bias: 0,
      weights: Buffer.alloc(100).toString('base64'),
      windowLength: 400,
    };
    expect(() => InjectionClassifier.fromFile(file)).toThrow(/expected 2\^12/);
    expect(() => InjectionClassifier.fromFile({ ...file, format: 'other' as never })).toThrow(/format/);
    expect(() => new InjectionClassifier(new Float32Array(1000), 0, 400)).toThrow(RangeError);
  });
});
