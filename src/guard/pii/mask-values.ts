// The masking action: each value shown partly, enough to recognise it and not enough to use it
// (`j***@example.com`, `************1111`), where redaction would replace it whole.

import { inTextOrder } from './in-text-order.js';
import type { PiiEntity } from './pii-entity.js';

/** A value shown partly (the masking action): enough to recognise it, not enough to use it. */
export function maskValue(entity: PiiEntity, value: string): string {
  switch (entity.type) {
    case 'email': {
      const at = value.indexOf('@');
      return `${value[0] ?? ''}***${value.slice(at)}`;
    }
    case 'card':
    case 'iban':
    case 'phone':
      return `${'*'.repeat(Math.max(0, value.replace(/\s/g, '').length - 4))}${value.replace(/\s/g, '').slice(-4)}`;
    case 'ssn':
    case 'person-name':
    case 'postal-address':
    case 'ip-address':
    case 'date-of-birth':
    case 'secret':
      return `[${entity.type.toUpperCase().replace(/-/g, '_')}]`;
    case 'phrase':
      return '[REMOVED]';
  }
}

/** `text` with every entity shown partly (maskValue), for the masking action. */
export function maskEntities(text: string, entities: readonly PiiEntity[]): string {
  let out = '';
  let position = 0;
  for (const entity of inTextOrder(entities)) {
    if (entity.start < position) continue;
    out += text.slice(position, entity.start) + maskValue(entity, text.slice(entity.start, entity.end));
    position = entity.end;
  }
  return out + text.slice(position);
}
