import { describe, expect, it } from 'vitest';
import { detectPersonNames, detectPostalAddresses } from './detect-names-addresses.js';
import type { PiiEntity } from './pii-entity.js';

const texts = (text: string, entities: PiiEntity[]) =>
  entities.map((entity) => text.slice(entity.start, entity.end));

describe('detectPersonNames', () => {
  it('finds names where the text introduces them', () => {
    const text = "Hi, my name is Jane O'Neil. Dear Mr. Smith, I'm Anna Lee. Dr. Ravi Patel signed it.";
    expect(texts(text, detectPersonNames(text)).sort()).toEqual(
      ['Anna Lee', "Jane O'Neil", 'Ravi Patel', 'Smith'].sort(),
    );
  });

  it('does not take ordinary capitalised words or a lone word after "I am"', () => {
    expect(detectPersonNames('I am Happy to help. The Quick Brown Fox. This is Monday.')).toEqual([]);
  });
});

describe('detectPostalAddresses', () => {
  it('finds street addresses with their unit, city, state and ZIP', () => {
    const text =
      'Ship to 1600 Pennsylvania Avenue, Washington, DC 20500 and to 221 Baker Street, Apt 2B, London.';
    expect(texts(text, detectPostalAddresses(text))).toEqual([
      '1600 Pennsylvania Avenue, Washington, DC 20500',
      '221 Baker Street, Apt 2B, London',
    ]);
  });

  it('leaves numbers before ordinary words alone', () => {
    expect(detectPostalAddresses('We sold 300 Blue Widgets last year, 12 Way too many.')).toEqual([]);
  });
});
