// Builds bench/data/pii-eval.jsonl, the labeled set the PII detectors are measured on
// (bench/pii-eval.ts). Every value comes from a public source that publishes it as an example
// (bench/data/PII-SOURCES.md lists them); sentences are templates written for this set. Each row:
// {"text", "entities": [{"type", "start", "end"}], "group"}. Deterministic (seeded): run it again
// and the file is byte-identical. The set was built and frozen before the detectors were tuned.
// `npx tsx scripts/build-pii-eval-set.ts`

import { writeFileSync } from 'node:fs';
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';

interface Row {
  text: string;
  entities: Array<{ type: string; start: number; end: number }>;
  group: string;
}

let seed = 20261126;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A sentence with `{}` where the value goes; the value is labeled with `type`, or not (null). */
function row(template: string, value: string, type: string | null, group: string): Row {
  const start = template.indexOf('{}');
  const text = template.replace('{}', value);
  return { text, entities: type === null ? [] : [{ type, start, end: start + value.length }], group };
}

const rows: Row[] = [];

// Emails: RFC 2606 / RFC 6761 reserved example domains.
const locals = ['jane.doe', 'j.smith+billing', 'support', 'first_last', 'x', 'anna-maria.o', 'ops.team42'];
const domains = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'sub.example.co.uk'];
const emailTemplates = [
  'Please reply to {} by Friday.',
  'My address is {}',
  'Contact: {}, phone pending.',
  'Forwarding everything to {} from now on.',
  'cc {} on the invoice thread',
];
for (let index = 0; index < 40; index++) {
  rows.push(row(pick(emailTemplates), `${pick(locals)}@${pick(domains)}`, 'email', 'email'));
}
for (const lookalike of ['user@localhost', 'name@@example.com', 'a..b@example.com', '@example.org', 'foo@bar']) {
  rows.push(row('Not an address: {}.', lookalike, null, 'email-negative'));
}

// Cards: processors' published test numbers (Stripe, Adyen, Braintree documentation).
const cards = [
  '4242424242424242', '4000056655665556', '5555555555554444', '2223003122003222', '5200828282828210',
  '5105105105105100', '378282246310005', '371449635398431', '6011111111111117', '6011000990139424',
  '3056930009020004', '36227206271667', '3566002020360505', '6200000000000005', '4111111111111111',
];
const cardTemplates = ['Card number {} exp 12/29.', 'charge it to {} please', 'My visa: {}', 'pan={}', 'Use {} for the deposit.'];
const grouped = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');
for (const card of cards) {
  rows.push(row(pick(cardTemplates), card, 'card', 'card'));
  rows.push(row(pick(cardTemplates), grouped(card), 'card', 'card'));
}
for (const card of cards.slice(0, 10)) {
  const broken = card.slice(0, -1) + String((Number(card.at(-1)) + 3) % 10);
  rows.push(row('Order reference {} shipped.', broken, null, 'card-negative'));
}

// IBANs: the examples of the SWIFT IBAN registry.
const ibans = [
  'GB29NWBK60161331926819', 'DE89370400440532013000', 'FR1420041010050500013M02606', 'NL91ABNA0417164300',
  'ES9121000418450200051332', 'IT60X0542811101000000123456', 'BE68539007547034', 'CH9300762011623852957',
  'AT611904300234573201', 'PL61109010140000071219812874', 'SE4550000000058398257466', 'NO9386011117947',
  'DK5000400440116243', 'FI2112345600000785', 'IE29AIBK93115212345678', 'PT50000201231234567890154',
];
const ibanTemplates = ['Wire the refund to {} today.', 'IBAN: {}', 'Account {} (business)', 'please use {} instead'];
for (const iban of ibans) {
  rows.push(row(pick(ibanTemplates), iban, 'iban', 'iban'));
  rows.push(row(pick(ibanTemplates), iban.replace(/(.{4})(?=.)/g, '$1 '), 'iban', 'iban'));
}
for (const iban of ibans.slice(0, 8)) {
  const broken = iban.slice(0, 2) + String((Number(iban.slice(2, 4)) + 1) % 100).padStart(2, '0') + iban.slice(4);
  rows.push(row('Reference code {} attached.', broken, null, 'iban-negative'));
}

// Phones: libphonenumber's example numbers (Google's public metadata), international and national.
const countries: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IN', 'JP', 'BR', 'AU', 'ES', 'IT', 'NL', 'MX', 'CA', 'ZA', 'SG'];
const phoneTemplates = ['Call me on {} after six.', 'phone: {}', 'You can reach the desk at {}.', 'mobile {} (whatsapp too)'];
for (const country of countries) {
  const number = getExampleNumber(country, examples)!;
  rows.push(row(pick(phoneTemplates), number.formatInternational(), 'phone', 'phone'));
  if (country === 'US' || country === 'CA') rows.push(row(pick(phoneTemplates), number.formatNational(), 'phone', 'phone'));
}
for (const lookalike of ['1234567', '2024-01-05', '4155552671', '10.0.0.1234', '1.234.567,89']) {
  rows.push(row('Invoice total {} recorded.', lookalike, null, 'phone-negative'));
}

// SSNs: numbers within the SSA's published assignment rules, and ones it never issues.
const ssnTemplates = ['SSN: {}', 'My social security number is {}.', 'ssn {} on file', 'SSN #{}'];
for (let index = 0; index < 20; index++) {
  const area = String(1 + Math.floor(random() * 898)).padStart(3, '0');
  if (area === '666') continue;
  const value = `${area}-${String(1 + Math.floor(random() * 98)).padStart(2, '0')}-${String(1 + Math.floor(random() * 9998)).padStart(4, '0')}`;
  rows.push(row(pick(ssnTemplates), value, 'ssn', 'ssn'));
}
for (const never of ['666-12-3456', '000-12-3456', '123-00-4567', '123-45-0000']) {
  rows.push(row('Case id {} closed.', never, null, 'ssn-negative'));
}

// Secrets: the example credentials the issuers print in their own documentation.
const secrets: Array<[string, string]> = [
  ['aws_access_key_id = {}', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws_secret_access_key = {}', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['Authorization: Bearer {}', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
  ['export OPENAI_API_KEY={}', 'sk-proj-T3BlbkFJexampleexampleexample0123'],
  ['ANTHROPIC_API_KEY={}', 'sk-ant-api03-exampleexampleexampleexample-AA'],
  ['token: {}', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  ['slack {}', 'xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1'],
  ['key={}', 'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe'],
  ['stripe {}', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
];
for (const [template, value] of secrets) rows.push(row(template, value, 'secret', 'secret'));
rows.push(row('DATABASE_URL=postgres://app:{}@db.example.com:5432/app', 'Tr0ub4dor-and-3', 'secret', 'secret'));
for (const lookalike of ['sk-', 'AKIA123', 'eyJub3QuYS5qd3Q', 'ghp_short', 'd41d8cd98f00b204e9800998ecf8427e']) {
  rows.push(row('Config value {} is a placeholder.', lookalike, null, 'secret-negative'));
}

// IP addresses: the documentation ranges of RFC 5737 and RFC 3849.
const ips = ['192.0.2.1', '198.51.100.23', '203.0.113.254', '2001:db8::1', '2001:db8:85a3::8a2e:370:7334'];
for (const ip of ips) rows.push(row(pick(['Login from {} blocked.', 'server ip {}', 'ssh to {} then retry']), ip, 'ip-address', 'ip-address'));
for (const lookalike of ['256.1.2.3', '1.2.3', '999.999.999.999']) rows.push(row('Value {} out of range.', lookalike, null, 'ip-negative'));

// Dates of birth: dates after a birth label; other dates are not.
const births = ['1985-03-12', '12 March 1979', '03/04/1990', 'July 4, 1962', '31.12.1999'];
for (const date of births) rows.push(row(pick(['DOB: {}', 'born on {} in Lyon', 'Date of birth {}.']), date, 'date-of-birth', 'date-of-birth'));
for (const date of ['2024-01-05', 'March 3, 2021']) rows.push(row('The meeting on {} moved.', date, null, 'date-negative'));

// Plain sentences with nothing to find, many with digits.
const plain = [
  'The release v2.4.1 ships on Monday with 3 fixes.',
  'Our team grew from 12 to 48 people in 2023.',
  'Table 7 shows a 15.5% increase year over year.',
  'ISBN 978-3-16-148410-0 is out of stock.',
  'Commit a3f5c2e fixed the build, see issue #4821.',
  'The package weighs 2.5 kg and costs 19.99 EUR.',
];
for (const text of plain) rows.push({ text, entities: [], group: 'plain' });

writeFileSync(new URL('../bench/data/pii-eval.jsonl', import.meta.url), rows.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
console.log(`wrote ${rows.length} rows`);
