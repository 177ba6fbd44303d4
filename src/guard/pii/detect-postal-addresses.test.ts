import { describe, expect, it } from 'vitest';
import { detectPostalAddresses } from './detect-postal-addresses.js';

const addresses = (text: string) =>
  detectPostalAddresses(text).map((entity) => text.slice(entity.start, entity.end));

describe('detectPostalAddresses', () => {
  it('finds street addresses with their unit, city, state and ZIP', () => {
    const text =
      'Ship to 1600 Pennsylvania Avenue, Washington, DC 20500 and to 221 Baker Street, Apt 2B, London.';
    expect(addresses(text)).toEqual([
      '1600 Pennsylvania Avenue, Washington, DC 20500',
      '221 Baker Street, Apt 2B, London',
    ]);
  });

  it('takes directions, ordinals, number words, initials and more street types', () => {
    expect(
      addresses('Use 20 W 34th St., New York, NY 10001 or 233 S Wacker Drive, Chicago, IL 60606.'),
    ).toEqual(['20 W 34th St., New York, NY 10001', '233 S Wacker Drive, Chicago, IL 60606']);
    expect(addresses('Mail: One Microsoft Way, Redmond, WA 98052')).toEqual([
      'One Microsoft Way, Redmond, WA 98052',
    ]);
    expect(addresses('Our office is at 1600 Pennsylvania Avenue NW, Washington, DC 20500.')).toEqual([
      '1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ]);
    expect(addresses('The office: 88 Colin P Kelly Jr Street, San Francisco, CA 94107.')).toEqual([
      '88 Colin P Kelly Jr Street, San Francisco, CA 94107',
    ]);
  });

  it('takes British and Canadian postcodes, not as a state', () => {
    expect(addresses('The museum shop is at 221B Baker Street, London NW1 6XE.')).toEqual([
      '221B Baker Street, London NW1 6XE',
    ]);
    expect(addresses('Pick-up: 2 Queen Street West, Toronto, ON M5H 2N2')).toEqual([
      '2 Queen Street West, Toronto, ON M5H 2N2',
    ]);
  });

  it('finds post office boxes and the continental forms that end in a postcode and a city', () => {
    expect(addresses('Mail the check to PO Box 4821, Austin, TX 78765.')).toEqual([
      'PO Box 4821, Austin, TX 78765',
    ]);
    expect(
      addresses('Send samples to Hauptstraße 12, 10115 Berlin, or Platz der Republik 1, 11011 Berlin.'),
    ).toEqual(['Hauptstraße 12, 10115 Berlin', 'Platz der Republik 1, 11011 Berlin']);
    expect(addresses('Pick me up at 5 Avenue Anatole France, 75007 Paris.')).toEqual([
      '5 Avenue Anatole France, 75007 Paris',
    ]);
    // A street name holding a second street type; a window full of other numbers.
    expect(addresses('Meet at 5 Avenue de la Place Royale, 75004 Paris.')).toEqual([
      '5 Avenue de la Place Royale, 75004 Paris',
    ]);
    expect(addresses('Codes 1 22 333 4444, then 12 bis, Rue de Rivoli, 75004 Paris.')).toEqual([
      '12 bis, Rue de Rivoli, 75004 Paris',
    ]);
  });

  it('leaves numbers before ordinary words alone, and numbers after labels such as Version or Order', () => {
    expect(detectPostalAddresses('We sold 300 Blue Widgets last year, 12 Way too many.')).toEqual([]);
    expect(detectPostalAddresses('Order 42 Blue Widgets Street Edition before Friday.')).toEqual([]);
    expect(detectPostalAddresses('Version 3 Release Notes Way behind schedule.')).toEqual([]);
    expect(detectPostalAddresses('Windows 10, 20045 Edition is not a place.')).toEqual([]);
  });
});
