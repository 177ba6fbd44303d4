import { describe, expect, it } from 'vitest';
import { detectPersonNames } from './detect-person-names.js';

const names = (text: string) => detectPersonNames(text).map((entity) => text.slice(entity.start, entity.end));

describe('detectPersonNames', () => {
  it('finds names where the text introduces them', () => {
    const text = "Hi, my name is Jane O'Neil. Dear Mr. Smith, I'm Anna Lee. Dr. Ravi Patel signed it.";
    expect(names(text)).toEqual(["Jane O'Neil", 'Smith', 'Anna Lee', 'Ravi Patel']);
  });

  it('finds names with no cue when both ends are known name parts, wherever the sentence puts them', () => {
    expect(names('Please forward the contract to Ada Lovelace before noon.')).toEqual(['Ada Lovelace']);
    expect(names('Isaac Newton approved the budget on Monday.')).toEqual(['Isaac Newton']);
    expect(names('Ask Priya Raman and Tomasz Kowalski.')).toEqual(['Priya Raman', 'Tomasz Kowalski']);
  });

  it('keeps particles and hyphens inside a name', () => {
    expect(names('According to Leonardo da Vinci, it is final.')).toEqual(['Leonardo da Vinci']);
    expect(names('I hired Ludwig van Beethoven and Mary-Jane Watson.')).toEqual([
      'Ludwig van Beethoven',
      'Mary-Jane Watson',
    ]);
  });

  it('takes a known first name before an unknown surname, for less confidence', () => {
    const [found] = detectPersonNames('The tenant Ignacio Arizu paid.');
    expect(found).toMatchObject({ start: 11, end: 24 });
    const [both] = detectPersonNames('The tenant Ignacio Lopez paid.');
    expect(found!.confidence).toBeLessThan(both!.confidence);
  });

  it('cuts runs at words that mark places, organisations, products and times', () => {
    for (const text of [
      'We met in Hyde Park.',
      'The Federal Reserve raised rates.',
      'New York City and San Francisco both have offices.',
      'The Golden Gate Bridge opened in 1937.',
      'Black Friday sales start at midnight.',
      'Happy New Year to everyone at Acme Corp.',
    ]) {
      expect(names(text), text).toEqual([]);
    }
  });

  it('does not take a run of common words that happen to be surnames', () => {
    // "Search", "Common", "Will", "Grace" are all in the name list, and all common English words.
    expect(names('See Search Results and Common Issues below.')).toEqual([]);
    expect(names('Read Will Power by Grace Notes.')).toEqual([]);
  });

  it('takes a lone known name a greeting or sign-off introduces, but not a word that is not a name', () => {
    expect(names('Cheers,\nJack')).toEqual(['Jack']);
    expect(names('Hi Megan, the package is here.')).toEqual(['Megan']);
    for (const text of [
      'Dear Sir or Madam, please find the report attached.',
      'Dear Team, the release is out.',
      'Name: Quarterly Revenue Report',
      'I am Team Lead for the payments group.',
      'I am Happy to help. The Quick Brown Fox. This is Monday.',
    ]) {
      expect(names(text), text).toEqual([]);
    }
  });

  it('reads letters outside ASCII', () => {
    expect(names('Remind Thomas Müller and José Hernández.')).toEqual(['Thomas Müller', 'José Hernández']);
  });
});
