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
  {
    version: 2,
    name: 'create_request_records',
    // The request log, column for column as in SQLite. Ids collate "C" so newest-first pages break
    // timestamp ties in byte order, as SQLite and the memory store do. usage, cost and guardrails
    // are json, not jsonb: kept verbatim (the provider's own usage object) and never queried
    // inside. Text search is a GIN index on the searchable words of the bodies (record-search.ts).
    sql: `
CREATE TABLE request_records (
  id text COLLATE "C" PRIMARY KEY,
  trace_id text NOT NULL,
  span_id text NOT NULL,
  parent_span_id text,
  organization_id text NOT NULL,
  team_id text,
  project_id text,
  key_id text,
  session_id text,
  workflow_id text,
  received_at bigint NOT NULL,
  first_token_at bigint,
  done_at bigint NOT NULL,
  operation text NOT NULL,
  dialect text NOT NULL,
  stream boolean NOT NULL,
  model text NOT NULL,
  route text,
  config_version integer NOT NULL,
  provider text,
  provider_type text,
  upstream_model text,
  response_model text,
  status integer NOT NULL,
  outcome text NOT NULL,
  error_code text,
  finish_reason text,
  cache text NOT NULL,
  cost_usd double precision,
  input_tokens integer NOT NULL,
  output_tokens integer NOT NULL,
  cache_read_tokens integer NOT NULL,
  cache_write_tokens integer NOT NULL,
  reasoning_tokens integer NOT NULL,
  usage_source text NOT NULL,
  body_policy text NOT NULL,
  usage json NOT NULL,
  cost json NOT NULL,
  guardrails json NOT NULL
);
CREATE INDEX request_records_organization_idx ON request_records (organization_id, received_at, id);
CREATE INDEX request_records_key_idx ON request_records (organization_id, key_id, received_at, id);
CREATE INDEX request_records_team_idx ON request_records (organization_id, team_id, received_at, id)
  WHERE team_id IS NOT NULL;
CREATE INDEX request_records_model_idx ON request_records (organization_id, model, received_at, id);
CREATE INDEX request_records_route_idx ON request_records (organization_id, route, received_at, id);
CREATE INDEX request_records_status_idx ON request_records (organization_id, status, received_at, id)
  WHERE status >= 400;
CREATE INDEX request_records_session_idx ON request_records (organization_id, session_id, received_at, id)
  WHERE session_id IS NOT NULL;
CREATE INDEX request_records_trace_idx ON request_records (organization_id, trace_id, received_at, id);
CREATE TABLE request_attempts (
  request_id text COLLATE "C" NOT NULL REFERENCES request_records (id) ON DELETE CASCADE,
  number integer NOT NULL,
  provider text NOT NULL,
  provider_type text NOT NULL,
  upstream_model text NOT NULL,
  started_at bigint NOT NULL,
  duration_ms double precision NOT NULL,
  first_token_ms double precision,
  status integer,
  outcome text NOT NULL,
  error_code text,
  error_message text,
  span_id text NOT NULL,
  PRIMARY KEY (request_id, number)
);
CREATE TABLE request_bodies (
  request_id text COLLATE "C" PRIMARY KEY REFERENCES request_records (id) ON DELETE CASCADE,
  prompt text,
  response text,
  error_message text
);
CREATE INDEX request_bodies_search_idx ON request_bodies USING gin (
  to_tsvector('simple'::regconfig, left(coalesce(prompt, ''), 100000) || ' ' || left(coalesce(response, ''), 100000))
);
CREATE TABLE record_purges (
  id uuid PRIMARY KEY,
  at bigint NOT NULL,
  rule jsonb NOT NULL CHECK (jsonb_typeof(rule) = 'object'),
  deleted integer NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'create_reviews',
    // The human review queue, column for column as in SQLite; ids collate "C" like the records'.
    sql: `
CREATE TABLE reviews (
  request_id text COLLATE "C" PRIMARY KEY REFERENCES request_records (id) ON DELETE CASCADE,
  organization_id text NOT NULL,
  team_id text,
  project_id text,
  key_id text,
  received_at bigint NOT NULL,
  created_at bigint NOT NULL,
  route text,
  model text NOT NULL,
  checks json NOT NULL CHECK (json_typeof(checks) = 'array'),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  note text,
  decided_by text,
  decided_by_key_id text,
  decided_at bigint
);
CREATE INDEX reviews_organization_idx ON reviews (organization_id, received_at, request_id);
CREATE INDEX reviews_status_idx ON reviews (status, organization_id, received_at, request_id);
`,
  },
  {
    version: 4,
    name: 'create_held_answers',
    // Answers an output check held for review, column for column as in SQLite.
    sql: `
CREATE TABLE held_answers (
  request_id text COLLATE "C" PRIMARY KEY REFERENCES reviews (request_id) ON DELETE CASCADE,
  organization_id text NOT NULL,
  answer text,
  callback_url text,
  secret_env text,
  expires_at bigint NOT NULL,
  delivery text NOT NULL CHECK (delivery IN ('waiting', 'sending', 'ready', 'delivered', 'failed', 'expired')),
  attempts integer NOT NULL,
  last_error text,
  updated_at bigint NOT NULL
);
CREATE INDEX held_answers_expiry_idx ON held_answers (expires_at) WHERE answer IS NOT NULL;
`,
  },
  {
    version: 5,
    name: 'add_request_semantic',
    // How a request's semantic cache lookup ended, as in SQLite.
    sql: `
ALTER TABLE request_records ADD COLUMN semantic json;
`,
  },
  {
    version: 6,
    name: 'index_keys_revoked',
    // The revocation poll's read, as in SQLite.
    sql: `
CREATE INDEX keys_revoked_idx ON keys (revoked_at) WHERE revoked_at IS NOT NULL;
`,
  },
];
