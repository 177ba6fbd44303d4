// Megabytes packed with one kind of entity (tens of thousands each, every one distinct or nearly),
// for timing a scan and its redaction where the cost is per entity rather than per character:
// a CSV of customers, a log of addresses. Generated, so nothing here is anyone's data.

/** The digit that makes `prefix` pass the Luhn check. */
function luhnDigit(prefix: string): string {
  let sum = 0;
  for (let index = 0; index < prefix.length; index++) {
    let digit = prefix.charCodeAt(prefix.length - 1 - index) - 48;
    if (index % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

function megabyteOf(count: number, item: (index: number) => string, separator: string): string {
  return Array.from({ length: count }, (_, index) => item(index))
    .join(separator)
    .slice(0, 1_000_000);
}

/** Name → a megabyte of that kind of entity. */
export function denseTexts(): Record<string, string> {
  return {
    'card numbers': megabyteOf(
      60_000,
      (index) => {
        const prefix = `4${String(100_000_000_000_000 + index * 7919).slice(0, 14)}`;
        return prefix + luhnDigit(prefix);
      },
      ' ',
    ),
    'email addresses': megabyteOf(42_500, (index) => `user${index}@example${index % 97}.com`, ' '),
    'phone numbers': megabyteOf(
      62_500,
      (index) => `(212) ${200 + Math.floor(index / 10_000)}-${String(index % 10_000).padStart(4, '0')}`,
      ', ',
    ),
    'IPv4 addresses': megabyteOf(
      80_000,
      (index) => `10.${index % 256}.${(index >> 8) % 256}.${index % 199}`,
      ' ',
    ),
    IBANs: megabyteOf(
      43_500,
      (index) => (index % 2 === 0 ? 'GB29NWBK60161331926819' : 'DE89370400440532013000'),
      ' ',
    ),
    'US SSNs': megabyteOf(80_000, (index) => `SSN 123-45-${String(1000 + (index % 8999))}`, '; '),
  };
}
