// Builds bench/data/names-addresses-eval.jsonl, the labeled set for the best-effort person-name
// and postal-address detectors (bench/pii-eval.ts reads it beside pii-eval.jsonl). The names are
// of public historical figures and the addresses those that landmarks and companies publish as
// their own (bench/data/PII-SOURCES.md); the sentences were written for this set to look like
// what reaches a support or HR assistant — most of them name a person or give an address with no
// cue the detectors look for, on purpose: the set measures the detectors, it is not shaped to them.
// Written once and frozen; the detectors are not tuned against it.
// `npx tsx scripts/build-names-addresses-set.ts`

import { writeMarkedRows, type MarkedRow } from './marked-rows.js';

/** A sentence with each entity written as [[type|value]]. */
const marked: MarkedRow[] = [
  ['person-name', 'Please forward the contract to [[person-name|Ada Lovelace]] before noon.'],
  ['person-name', 'My name is [[person-name|Grace Hopper]] and I manage the compiler team.'],
  ['person-name', 'Dear [[person-name|Alan Turing]], thank you for your application.'],
  ['person-name', 'Signed: [[person-name|Katherine Johnson]]'],
  ['person-name', 'Patient: [[person-name|Florence Nightingale]], admitted on 12 March.'],
  ['person-name', 'I spoke with [[person-name|Marie Curie]] yesterday about the results.'],
  ['person-name', 'Contact person: [[person-name|Nelson Mandela]], phone number on file.'],
  ['person-name', 'Dr. [[person-name|Jane Goodall]] will join the call at three.'],
  ['person-name', 'Hi, this is [[person-name|Rosalind Franklin]] from the lab.'],
  ['person-name', '[[person-name|Isaac Newton]] approved the budget on Monday.'],
  ['person-name', 'The account holder, [[person-name|Frida Kahlo]], asked us to close it.'],
  ['person-name', 'Regards,\n[[person-name|Charles Darwin]]'],
  ['person-name', 'Send the invoice to Mr. [[person-name|Nikola Tesla]].'],
  ['person-name', 'Name: [[person-name|Mahatma Gandhi]]'],
  ['person-name', 'We hired [[person-name|Hedy Lamarr]] as a consultant last spring.'],
  ['person-name', 'Ms. [[person-name|Amelia Earhart]] booked seat 3A.'],
  ['person-name', 'According to [[person-name|Leonardo da Vinci]], the design is final.'],
  ['person-name', "I'm [[person-name|Ludwig van Beethoven]], the new tenant in flat 2."],
  ['person-name', 'Prof. [[person-name|Albert Einstein]] will grade the exams.'],
  ['person-name', 'From: [[person-name|Simone de Beauvoir]]'],
  ['person-name', 'The driver, [[person-name|Sojourner Truth]], arrived late.'],
  ['person-name', 'Emergency contact: [[person-name|Harriet Tubman]] (sister)'],
  ['person-name', '[[person-name|Wangari Maathai]] and [[person-name|Chinua Achebe]] signed the petition.'],
  ['person-name', 'Ask [[person-name|Srinivasa Ramanujan]] about the proof.'],
  ['person-name', 'Dear Mrs. [[person-name|Rosa Parks]],'],
  ['person-name', 'My name is [[person-name|José Rizal]].'],
  ['person-name', 'Interview notes: the candidate [[person-name|Zhang Heng]] has ten years of experience.'],
  ['person-name', "Please call [[person-name|Sean O'Casey]] back about the lease."],
  ['person-name', 'This is [[person-name|Mary Shelley]] calling about my order.'],
  ['person-name', 'the refund for [[person-name|mary seacole]] is still pending'],
  [
    'postal-address',
    'Our office is at [[postal-address|1600 Pennsylvania Avenue NW, Washington, DC 20500]].',
  ],
  ['postal-address', 'Ship it to [[postal-address|350 Fifth Avenue, New York, NY 10118]].'],
  ['postal-address', 'Visit us at [[postal-address|1 Infinite Loop, Cupertino, CA 95014]].'],
  ['postal-address', 'HQ: [[postal-address|1600 Amphitheatre Parkway, Mountain View, CA 94043]]'],
  ['postal-address', 'The museum is at [[postal-address|1000 Fifth Avenue, New York, NY 10028]].'],
  ['postal-address', 'Send letters to [[postal-address|10 Downing Street, London SW1A 2AA]].'],
  ['postal-address', 'The museum shop is at [[postal-address|221B Baker Street, London NW1 6XE]].'],
  ['postal-address', 'Mail: [[postal-address|One Microsoft Way, Redmond, WA 98052]]'],
  ['postal-address', 'The tower stands at [[postal-address|400 Broad Street, Seattle, WA 98109]].'],
  ['postal-address', 'The exchange is at [[postal-address|11 Wall Street, New York, NY 10005]].'],
  ['postal-address', 'Pick me up at [[postal-address|5 Avenue Anatole France, 75007 Paris]].'],
  ['postal-address', 'Our Berlin visitors go to [[postal-address|Platz der Republik 1, 11011 Berlin]].'],
  ['postal-address', 'The library is at [[postal-address|476 Fifth Avenue, New York, NY 10018]].'],
  ['postal-address', 'Deliveries: [[postal-address|One Apple Park Way, Cupertino, CA 95014]]'],
  ['postal-address', 'The pyramid is at [[postal-address|600 Montgomery Street, San Francisco, CA 94111]].'],
  ['postal-address', 'Studio tours start at [[postal-address|30 Rockefeller Plaza, New York, NY 10112]].'],
  ['postal-address', 'Use the entrance at [[postal-address|20 W 34th St., New York, NY 10001]].'],
  ['postal-address', 'The skydeck is at [[postal-address|233 S Wacker Drive, Chicago, IL 60606]].'],
  ['postal-address', 'Badge pickup: [[postal-address|1 Hacker Way, Menlo Park, CA 94025]]'],
  ['postal-address', 'please deliver to [[postal-address|410 terry ave n, seattle wa 98109]] thanks'],
  ['negative', 'Dear Sir or Madam, please find the report attached.'],
  ['negative', 'My name is not important here, the order number is.'],
  ['negative', 'Dr. Pepper is the only drink in the vending machine.'],
  ['negative', 'The Golden Gate Bridge opened in 1937.'],
  ['negative', 'New York City and San Francisco both have offices.'],
  ['negative', 'Dear Team, the release is out.'],
  ['negative', 'Name: Quarterly Revenue Report'],
  ['negative', 'I am Team Lead for the payments group.'],
  ['negative', 'Microsoft Teams and Google Meet are both allowed.'],
  ['negative', 'Take 2 Advil every 6 hours after meals.'],
  ['negative', 'Route 66 is the most famous road in the country.'],
  ['negative', 'Order 42 Blue Widgets Street Edition before Friday.'],
  ['negative', 'Apartment 4B has a new tenant since May.'],
  ['negative', 'Version 3 Release Notes Way behind schedule, says the tracker.'],
];

writeMarkedRows('names-addresses-eval.jsonl', marked);
