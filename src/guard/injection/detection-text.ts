// The one text the injection rules and classifier read: the normalised prompt, then every view
// of text hidden in it (tag characters, base64, hex, URL-encoding, rot13), each normalised too,
// one per line. Training builds its inputs with the same function, so both see the same text.

import { decodeHidden, type DecodeLimits } from './decode-hidden.js';
import { normalizeText } from './normalize-text.js';

export interface DetectionText {
  text: string;
  /** How many hidden views were appended (0: nothing was hidden). */
  hiddenViews: number;
}

export function detectionText(input: string, limits?: DecodeLimits): DetectionText {
  const normalized = normalizeText(input);
  const views = decodeHidden(normalized.text, limits).map((view) => normalizeText(view).text);
  // A lone flag emoji spells a few tag letters (England: "gbeng"); hidden text is longer.
  if (normalized.tagText.length >= 8) views.unshift(normalized.tagText);
  if (views.length === 0) return { text: normalized.text, hiddenViews: 0 };
  return { text: `${normalized.text}\n${views.join('\n')}`, hiddenViews: views.length };
}
