// Postgres schema migrations, in order. Kept in step with sqlite/migrations.ts: same tables,
// columns and index names (schema-parity.test.ts checks). Never edit a released entry; add one.

import type { Migration } from '../migration.js';

// Unqualified names: the tables land in the connection's search_path, so a deployment (or a
// test) can keep Switchyard in its own schema.
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create_keys',
    sql: `
CREATE TABLE keys (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('virtual', 'admin')),
  name text NOT NULL,
  prefix text NOT NULL,
  hash text NOT NULL,
  organization_id text NOT NULL DEFAULT 'default',
  team_id text,
  project_id text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object')
);
CREATE UNIQUE INDEX keys_hash_idx ON keys (hash);
CREATE INDEX keys_prefix_idx ON keys (prefix);
CREATE INDEX keys_organization_idx ON keys (organization_id, kind, created_at);
`,
  },
];
