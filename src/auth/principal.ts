// Who a request acts as, once its key is checked: the key's id, name, kind and scope. Frozen,
// because one object is shared by every request served from the cache.

import type { KeyKind, KeyRecord, KeyScope } from '../storage/keys-store.js';

export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly kind: KeyKind;
  readonly scope: Readonly<KeyScope>;
}

export function toPrincipal(record: KeyRecord): Principal {
  return Object.freeze({
    keyId: record.id,
    name: record.name,
    kind: record.kind,
    scope: Object.freeze({ ...record.scope }),
  });
}
