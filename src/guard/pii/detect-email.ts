// Email addresses: found from their '@' (linear time on any input: each '@' looks at most a few
// hundred characters around it), then checked: no leading, trailing or doubled dots in the local
// part, a domain of real labels, and a top-level domain of letters.

import type { PiiEntity } from './pii-entity.js';

const localCharacter = /[A-Za-z0-9._%+-]/;
const domainCharacter = /[A-Za-z0-9.-]/;

/**
 * From each '@', the address around it: up to 64 local characters to the left, up to 253 domain
 * characters to the right. Found from the '@' signs, so a text without any costs one indexOf.
 */
export function detectEmails(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  let previousEnd = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > previousEnd && at - start < 64 && localCharacter.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && domainCharacter.test(text[end]!)) end++;
    // A sentence's final dot is not part of the domain.
    while (end > at + 1 && text[end - 1] === '.') end--;
    if (start === at || end === at + 1) continue;
    const local = text.slice(start, at);
    const domain = text.slice(at + 1, end);
    if (!validAddress(local, domain)) continue;
    found.push({ type: 'email', start, end, confidence: 0.97 });
    previousEnd = end;
  }
  return found;
}

function validAddress(local: string, domain: string): boolean {
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.length > 9) return false;
  const top = labels.at(-1) ?? '';
  if (!/^[A-Za-z]{2,24}$/.test(top)) return false;
  return labels.every(
    (label) => label.length >= 1 && label.length <= 63 && !label.startsWith('-') && !label.endsWith('-'),
  );
}
