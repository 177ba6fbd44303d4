// SQLite schema migrations, in order. Kept in step with postgres/migrations.ts: same tables,
// columns and index names (schema-parity.test.ts checks). Never edit a released entry; add one.

import type { Migration } from '../migration.js';

// Timestamps are ISO-8601 text in UTC with milliseconds (Date#toISOString), which sorts in time
// order; JSON is text checked by json_valid. STRICT makes SQLite enforce the declared types.
export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create_keys',
    sql: `
CREATE TABLE keys (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('virtual', 'admin')),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL,
  organization_id TEXT NOT NULL DEFAULT 'default',
  team_id TEXT,
  project_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object')
) STRICT;
CREATE UNIQUE INDEX keys_hash_idx ON keys (hash);
CREATE INDEX keys_prefix_idx ON keys (prefix);
CREATE INDEX keys_organization_idx ON keys (organization_id, kind, created_at);
`,
  },
];
