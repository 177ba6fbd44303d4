// The versioned rule pack of the injection detector: hand-written patterns for the attack shapes
// that need no learning — instruction overrides, fake role and turn markers, system-prompt
// extraction, role-play escapes (DAN and kin) and requests to answer in an encoding. Each rule
// has a weight for prompts and one for untrusted documents (0: off there), since documents
// legitimately contain imperative and encoded text. Gaps inside patterns are bounded
// (`{0,40}`), never nested, so a match costs at most a constant times the input length.
// Rules that start with a word list their first words (`leads`): matchRules finds where those
// begin in one pass and tries such a rule only there (rule-triggers.ts), with the same result as
// scanning the whole text with it. Bump `rulePackVersion` on any change to what the rules match:
// the shipped thresholds were chosen with one version (how they are searched is not part of it).

import { RuleTriggers } from './rule-triggers.js';

export const rulePackVersion = 'injection-rules/2026-11-27.3';

export type RuleCategory =
  'instruction-override' | 'role-marker' | 'prompt-extraction' | 'role-play-escape' | 'encoding-request';

export interface InjectionRule {
  /** Stable id reported when the rule matches, `<category>.<name>`. */
  id: string;
  category: RuleCategory;
  pattern: RegExp;
  /** Strength of the evidence in a user or system prompt, 0–1. */
  promptWeight: number;
  /** Strength of the evidence inside a tool result or retrieved document, 0–1 (0: not checked). */
  documentWeight: number;
  /**
   * For a rule whose every match starts with a word: the alternatives of that first word (regex
   * sources, each starting with letters). matchRules tries the rule only where a word begins as
   * one of them could, instead of scanning the whole text with it (rule-triggers.ts).
   */
  leads?: readonly string[];
  /**
   * For a rule made of parts joined by bounded gaps (its pattern is the parts with `gap(n)`
   * between them): the parts, so matchRules can follow them word by word instead of exploring
   * every gap from every first word (rule-triggers.ts). `leads` is then the first part's.
   */
  chain?: RuleChain;
}

/** One part of a chained rule. */
export interface RulePart {
  /** A regex source that matches only where a word starts (`\b` and one of `leads` first). */
  source: string;
  /** The alternatives of its first word (regex sources, each starting with letters). */
  leads: readonly string[];
}

export interface RuleChain {
  parts: readonly RulePart[];
  /** `gaps[i]`: at most this many characters, within one sentence, between part i and part i + 1. */
  gaps: readonly number[];
}

/** Up to `n` characters within one sentence: the bounded gap between two parts of a rule. */
function gap(n: number): string {
  return `[^.!?\\n]{0,${n}}?`;
}

function rule(
  id: string,
  category: RuleCategory,
  source: string,
  promptWeight: number,
  documentWeight: number,
  flags = 'i',
): InjectionRule {
  return { id, category, pattern: new RegExp(source, flags), promptWeight, documentWeight };
}

/** A rule whose matches start with one of `leads` at a word boundary, then `rest`. */
function wordRule(
  id: string,
  category: RuleCategory,
  leads: readonly string[],
  rest: string,
  promptWeight: number,
  documentWeight: number,
): InjectionRule {
  const source = String.raw`\b(?:${leads.join('|')})` + rest;
  return { ...rule(id, category, source, promptWeight, documentWeight), leads };
}

/** A part that starts with one of `leads` at a word boundary, then `rest`. */
function part(leads: readonly string[], rest = String.raw`\b`): RulePart {
  return { source: String.raw`\b(?:${leads.join('|')})` + rest, leads };
}

/** A rule whose matches are `parts` in order, each `gaps[i]` characters at most from the one before. */
function chainRule(
  id: string,
  category: RuleCategory,
  parts: readonly RulePart[],
  gaps: readonly number[],
  promptWeight: number,
  documentWeight: number,
): InjectionRule {
  if (parts.length !== gaps.length + 1) throw new RangeError(`${id}: one gap between each two parts`);
  const source = parts
    .map((each, index) => (index === 0 ? '' : gap(gaps[index - 1]!)) + each.source)
    .join('');
  const chain = { parts, gaps };
  return { ...rule(id, category, source, promptWeight, documentWeight), leads: parts[0]!.leads, chain };
}

const overrideVerbs = [
  'ignore',
  'disregard',
  'forget',
  'override',
  'overwrite',
  'discard',
  'abandon',
  String.raw`set\s+aside`,
];
const priorThing = part([
  ...['previous', 'prior', 'above', 'earlier', 'preceding', 'initial', 'original', 'former'],
  ...['system', 'all', 'any', 'your', 'these', 'those', 'the'],
]);
const instructionNoun = part([
  ...['instructions?', 'prompts?', 'rules', 'directives?', 'guidelines', 'commands', 'programming'],
  ...['guardrails', 'restrictions', 'constraints', 'policies', 'context'],
]);
// The same override in German, French, Spanish, Italian and Portuguese (session 15). Written from
// the languages' ordinary wording of "ignore all previous instructions", not from any data set.
// German puts the adjective before the noun, the Romance languages after it, so a Romance
// override needs the noun and a word for "previous" after it ("las instrucciones anteriores"):
// the noun alone ("ignora las instrucciones de lavado") is an everyday sentence.
const germanOverrideVerb = part([
  ...['ignorier(?:e|en|t)?', 'vergiss', 'vergessen', 'missacht(?:e|en)', 'verwirf', 'verwerfen'],
]);
const germanPrior = part([
  ...['vorherigen?', 'vorigen?', 'bisherigen?', 'obigen?', 'vorangegangenen?', 'früheren?'],
  ...['ursprünglichen?', 'alle', 'sämtliche', 'deine', 'ihre'],
]);
const germanInstructions = part([
  ...['anweisung(?:en)?', 'instruktion(?:en)?', 'befehle', 'regeln', 'vorgaben', 'richtlinien'],
  ...['anordnungen', 'systemanweisung(?:en)?', 'systemprompts?', 'prompts?'],
]);
const romanceOverrideVerb = part([
  ...['ignore[zs]?', 'ignora(?:te|r)?', 'oublie[zs]?', 'olvid[ae]', 'olvidad', 'dimentica(?:te)?'],
  ...['esque[cç]a', 'desconsider[ae]', 'n[ée]glige[zs]?'],
]);
const romanceInstructionsThenPrior = part(
  [
    ...['instructions', 'consignes', 'r[èe]gles', 'directives', 'instrucciones', 'reglas'],
    ...['indicaciones', 'directrices', 'istruzioni', 'regole', 'direttive', 'indicazioni'],
    ...['instru[çc][õo]es', 'regras', 'diretrizes', 'orienta[çc][õo]es'],
  ],
  String.raw`\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures|ci-dessus|initiales|anteriores|previas|pr[ée]vias|originales|iniciales|precedenti|originali|iniziali|originais|iniciais|sopra|de\s+arriba|acima)\b`,
);

// And "reveal your system prompt" in the same five languages: a verb of showing or repeating, then
// "your" with "system prompt" or "instructions" (or "the system prompt").
const translatedRevealVerb = part([
  ...['zeig(?:e|en)?', 'verrat(?:e|en)?', 'wiederhol(?:e|en)?', 'nenn(?:e|en)?', 'gib', 'druck(?:e|en)?'],
  ...['montre[zs]?', 'r[ée]v[èe]le[zs]?', 'affiche[zs]?', 'r[ée]p[èe]te[zs]?', 'donne[zs]?', 'imprime[zs]?'],
  ...['muestra', 'revela', 'dime', 'repite', 'mostra(?:mi)?', 'rivela(?:mi)?', 'ripeti', 'stampa', 'dimmi'],
  ...['mostre', 'revele', 'repita', 'imprima', 'diga'],
]);
const systemPromptWords = String.raw`(?:system-?prompts?|systemanweisungen|system-?nachricht|prompt\s+(?:syst[èe]me|del\s+sistema|di\s+sistema|do\s+sistema)|invite\s+syst[èe]me|mensaje\s+del\s+sistema|messaggio\s+di\s+sistema|mensagem\s+do\s+sistema)`;
const instructionWords = String.raw`(?:anweisungen|instruktionen|instructions|instrucciones|istruzioni|instru[çc][õo]es)`;
/** "your" and a system prompt or instructions, or "the" and a system prompt: never "the instructions". */
const translatedPromptThing: RulePart = {
  source:
    String.raw`\b(?:(?:deine?n?|ihre?n?|ton|votre|tes|vos|tus?|sus?|(?:il\s+|le\s+|i\s+)?(?:tuo|tue|tuoi)|(?:o\s+|os\s+|as\s+|a\s+)?(?:seu|seus|sua|suas))\s+(?:${systemPromptWords}|${instructionWords})` +
    String.raw`|(?:den|die|das|le|el|il|o)\s+${systemPromptWords})\b`,
  leads: [
    ...[
      'deine?n?',
      'ihre?n?',
      'ton',
      'votre',
      'tes',
      'vos',
      'tus?',
      'sus?',
      'il',
      'le',
      'i',
      'tuo',
      'tue',
      'tuoi',
    ],
    ...['o', 'os', 'as', 'a', 'seu', 'seus', 'sua', 'suas', 'den', 'die', 'das', 'el'],
  ],
};

const revealVerbs = [
  'reveal',
  'show',
  'print',
  'output',
  'display',
  'repeat',
  'recite',
  String.raw`tell\s+me`,
  String.raw`give\s+me`,
  String.raw`write\s+(?:out|down)`,
  String.raw`spell\s+out`,
  'leak',
  'dump',
  'share',
  String.raw`what\s+(?:is|are|was|were)`,
];
const promptThing: RulePart = {
  // "a system prompt", "a good system prompt": a question about prompts in general, not a request
  // for this one's ("what is a system prompt?", "show me an example of a good system prompt").
  source: String.raw`(?:(?<!\b(?:an?|any|good|great|sample|example)\s+)\b(?:system|initial|original|hidden|secret|developer|pre-?)\s*(?:prompt|instructions?|message)\b|\byour\s+(?:(?:initial|original|hidden|secret|system|full|exact|first)\s+)?(?:prompt|instructions|directives|system\s+message|rules|guidelines)\b|\b(?:text|words|everything|instructions|content|message)\s+(?:above|before\s+(?:this|my))\b)`,
  leads: [
    ...['system', 'initial', 'original', 'hidden', 'secret', 'developer', 'pre', 'your', 'text', 'words'],
    ...['everything', 'instructions', 'content', 'message'],
  ],
};
const encodingName = String.raw`(?:base-?64|hex(?:adecimal)?|rot-?13|binary|morse(?:\s+code)?|leetspeak|ascii\s+codes|pig\s+latin|caesar\s+cipher|reverse(?:d)?\s+order|backwards)`;

export const injectionRules: readonly InjectionRule[] = [
  chainRule(
    'instruction-override.ignore-previous',
    'instruction-override',
    [part(overrideVerbs), priorThing, instructionNoun],
    [40, 30],
    0.9,
    0.9,
  ),
  chainRule(
    'instruction-override.ignore-previous-german',
    'instruction-override',
    [germanOverrideVerb, germanPrior, germanInstructions],
    [40, 30],
    0.9,
    0.9,
  ),
  chainRule(
    'instruction-override.ignore-previous-romance',
    'instruction-override',
    [romanceOverrideVerb, romanceInstructionsThenPrior],
    [40],
    0.9,
    0.9,
  ),
  chainRule(
    'instruction-override.do-not-follow',
    'instruction-override',
    [
      part(
        [String.raw`do\s+not`, "don't", 'stop', String.raw`no\s+longer`],
        String.raw`\s+(?:follow|obey|adhere\s+to|comply\s+with)(?:ing)?\b`,
      ),
      part(['instructions?', 'rules', 'guidelines', 'policies', 'programming', 'restrictions']),
    ],
    [30],
    0.7,
    0.7,
  ),
  wordRule(
    'instruction-override.new-instructions',
    'instruction-override',
    ['new', 'updated', 'real', 'actual', 'true', 'revised'],
    String.raw`\s+(?:system\s+)?(?:instructions?|rules|task|directives?|prompt)\s*(?::|\bare\b|\bis\b)`,
    0.5,
    0.6,
  ),
  rule(
    'role-marker.chat-template-token',
    'role-marker',
    String.raw`<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\|>`,
    0.95,
    0.95,
  ),
  rule(
    'role-marker.instruction-tags',
    'role-marker',
    String.raw`\[/?INST\]|<<\s*/?SYS\s*>>|</?(?:system|system_prompt|sys)>`,
    0.9,
    0.9,
  ),
  rule(
    'role-marker.heading',
    'role-marker',
    // Starts at the literal '#', which the engine finds fast; a line anchor first made it 5× slower.
    String.raw`#{1,6}[ \t]*(?:system|assistant|developer)\b[^\n]{0,20}?:`,
    0.85,
    0.85,
  ),
  rule(
    'role-marker.bracketed-role',
    'role-marker',
    String.raw`[\[(<{](?:system|sys|assistant|developer|admin)(?:[ _-]?(?:message|prompt|override|instructions?|note|update))?[\])>}]\s*:?`,
    0.8,
    0.8,
  ),
  rule(
    'role-marker.line-label',
    'role-marker',
    String.raw`(?:^|\n)[ \t]*(?:system|assistant|developer)[ \t]*(?:message|prompt)?[ \t]*:`,
    0.5,
    0.6,
  ),
  chainRule(
    'prompt-extraction.reveal-prompt',
    'prompt-extraction',
    [part(revealVerbs), promptThing],
    [40],
    0.85,
    0.6,
  ),
  chainRule(
    'prompt-extraction.reveal-prompt-translated',
    'prompt-extraction',
    [translatedRevealVerb, translatedPromptThing],
    [40],
    0.85,
    0.6,
  ),
  chainRule(
    'prompt-extraction.starts-with',
    'prompt-extraction',
    [part(['repeat', 'print', 'output']), part(['starting', 'beginning'], String.raw`\s+(?:with|from)\b`)],
    [30],
    0.5,
    0.3,
  ),
  rule(
    'role-play-escape.dan-name',
    'role-play-escape',
    String.raw`\b(?:DAN|STAN|DUDE|AIM|BetterDAN)\b`,
    0.5,
    0.3,
    '',
  ),
  wordRule(
    'role-play-escape.do-anything-now',
    'role-play-escape',
    [String.raw`do\s+anything\s+now`],
    String.raw`\b`,
    0.9,
    0.8,
  ),
  wordRule(
    'role-play-escape.special-mode',
    'role-play-escape',
    [
      'developer',
      'god',
      'jailbreak',
      'jailbroken',
      'unrestricted',
      'unfiltered',
      'unlocked',
      'evil',
      'chaos',
    ],
    String.raw`\s+mode\b`,
    0.85,
    0.6,
  ),
  wordRule(
    'role-play-escape.no-restrictions',
    'role-play-escape',
    [
      'no',
      'without',
      String.raw`free\s+(?:of|from)`,
      String.raw`not\s+bound\s+by`,
      String.raw`break\s+free\s+of`,
      'beyond',
    ],
    String.raw`\s+(?:any\s+)?(?:(?:ethical|moral|content|safety|openai|ai)\s+)?(?:restrictions|limitations|filters|guidelines|policies|censorship|morals|ethics)\b`,
    0.5,
    0.2,
  ),
  chainRule(
    'role-play-escape.amoral-persona',
    'role-play-escape',
    [
      part([
        'pretend',
        'act',
        'imagine',
        'role-?play',
        String.raw`you\s+are`,
        "you're",
        'become',
        'simulate',
      ]),
      part([
        ...['unfiltered', 'uncensored', 'amoral', 'unethical', 'unrestricted', 'immoral'],
        String.raw`no\s+(?:morals|ethics|filters|restrictions|limits)`,
      ]),
    ],
    [60],
    0.8,
    0.4,
  ),
  wordRule(
    'role-play-escape.stay-in-character',
    'role-play-escape',
    ['stay', 'remain'],
    String.raw`\s+in\s+character\b`,
    0.5,
    0.2,
  ),
  wordRule(
    'role-play-escape.jailbreak-word',
    'role-play-escape',
    ['jailbr(?:eak|oken|eaking)'],
    String.raw`\b`,
    0.4,
    0,
  ),
  chainRule(
    'encoding-request.answer-encoded',
    'encoding-request',
    [
      part(['answer', 'respond', 'reply', 'write', 'output', 'encode', 'print', 'say', 'spell', 'tell']),
      part(['in', 'as', 'using', 'with', 'into'], String.raw`\s+` + encodingName + String.raw`\b`),
    ],
    [30],
    0.5,
    0,
  ),
  chainRule(
    'encoding-request.decode-and-follow',
    'encoding-request',
    [
      part(['decode']),
      part(['follow', 'execute', 'obey', String.raw`do\s+what`, String.raw`carry\s+out`, 'run']),
    ],
    [40],
    0.7,
    0.5,
  ),
];

export interface RuleMatch {
  id: string;
  weight: number;
}

/** The word-led rules (rule-triggers.ts), each with its bit in a RuleTriggers mask. */
const wordLed = injectionRules.filter((candidate) => candidate.leads !== undefined);
const triggers = new RuleTriggers(wordLed);
const wordLedBits = new Map(wordLed.map((candidate, index) => [candidate, 1 << index]));
const wantedIn = (mode: 'prompt' | 'document'): number =>
  wordLed.reduce((mask, candidate, index) => (weightIn(candidate, mode) > 0 ? mask | (1 << index) : mask), 0);
const wanted = { prompt: wantedIn('prompt'), document: wantedIn('document') };

function weightIn(candidate: InjectionRule, mode: 'prompt' | 'document'): number {
  return mode === 'prompt' ? candidate.promptWeight : candidate.documentWeight;
}

/** The rules matching the text in one mode, in pack order. */
export function matchRules(text: string, mode: 'prompt' | 'document'): RuleMatch[] {
  const matches: RuleMatch[] = [];
  const found = triggers.matching(text, wanted[mode]);
  for (const candidate of injectionRules) {
    const weight = weightIn(candidate, mode);
    if (weight <= 0) continue;
    const bit = wordLedBits.get(candidate);
    if (bit === undefined ? candidate.pattern.test(text) : (found & bit) !== 0) {
      matches.push({ id: candidate.id, weight });
    }
  }
  return matches;
}
