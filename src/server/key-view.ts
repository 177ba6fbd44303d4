// The public view of a key row: what the admin API and CLI show. Never the hash.

import type { KeyRecord } from '../storage/keys-store.js';

export interface KeyView {
  id: string;
  kind: string;
  name: string;
  prefix: string;
  scope: { organizationId: string; teamId: string | null; projectId: string | null };
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  metadata: Record<string, unknown>;
}

export function toKeyView(record: KeyRecord): KeyView {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    prefix: record.prefix,
    scope: {
      organizationId: record.scope.organizationId,
      teamId: record.scope.teamId ?? null,
      projectId: record.scope.projectId ?? null,
    },
    createdAt: iso(record.createdAt),
    expiresAt: record.expiresAt ? iso(record.expiresAt) : null,
    revokedAt: record.revokedAt ? iso(record.revokedAt) : null,
    metadata: record.metadata ?? {},
  };
}

function iso(value: Date | string | number): string {
  return new Date(value).toISOString();
}
