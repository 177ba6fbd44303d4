// The admin API's key shapes as the CLI reads them. Parsed leniently (extra fields are fine) but
// checked, so a wrong or hostile answer becomes a clear error instead of a crash mid-table.

import { z } from 'zod';

const optionalText = z.string().nullable().optional();

export const keyRecordSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: z.object({ organizationId: optionalText, teamId: optionalText, projectId: optionalText }),
  createdAt: z.string(),
  expiresAt: optionalText,
  revokedAt: optionalText,
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

export type KeyRecord = z.output<typeof keyRecordSchema>;

export const createdKeySchema = z.object({ key: z.string().min(1), record: keyRecordSchema });
export type CreatedKey = z.output<typeof createdKeySchema>;

export const keyListSchema = z.object({ data: z.array(keyRecordSchema) });

export const revokedKeySchema = z.object({ id: z.string(), revoked: z.literal(true) });
export type RevokedKey = z.output<typeof revokedKeySchema>;

export interface CreateKeyInput {
  name: string;
  teamId?: string;
  projectId?: string;
  /** ISO 8601. */
  expiresAt?: string;
}
