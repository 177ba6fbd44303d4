// Human output for key records: a table for lists, a short block for one key.

import { formatTable } from './format-table.js';
import type { KeyRecord } from './key-record.js';

export function keyStatus(record: KeyRecord, now: Date): 'active' | 'revoked' | 'expired' {
  if (record.revokedAt) return 'revoked';
  if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** `2025-06-01 14:05Z`: minutes are enough to read, and UTC avoids guessing the zone. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '-';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

export function formatKeyTable(records: readonly KeyRecord[], now: Date): string {
  const rows = records.map((record) => [
    record.id,
    record.name,
    `${record.prefix}...`,
    record.scope.teamId ?? '-',
    record.scope.projectId ?? '-',
    shortDate(record.createdAt),
    shortDate(record.expiresAt),
    keyStatus(record, now),
  ]);
  return formatTable(['ID', 'NAME', 'PREFIX', 'TEAM', 'PROJECT', 'CREATED', 'EXPIRES', 'STATUS'], rows);
}
