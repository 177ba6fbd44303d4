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
  {
    version: 2,
    name: 'create_request_records',
    // The request log. Flat columns for what is filtered or summed; usage, cost and guardrails are
    // JSON kept whole. Bodies sit in their own table so the main row stays narrow. The search
    // table is contentless FTS5 (needs SQLite 3.47+ for contentless_unindexed): it indexes the
    // words of searchable bodies without a second copy of the text; its rowid is a hash of the
    // request id (record-search.ts), which a VACUUM cannot renumber the way it can an implicit rowid.
    // Times are epoch milliseconds (INTEGER), not the ISO text of the keys table: 8 bytes instead of
    // 24 in every index entry made an insert about a fifth cheaper (docs/decisions/0006). Team,
    // session and status indexes are partial: most requests have no team or session and succeed,
    // so they cost those requests nothing. Bodies are WITHOUT ROWID: one B-tree instead of two.
    // Every filter index ends in (received_at, id), the page order, so a page is read in order and
    // stops at its limit; without the id the planner prefers scanning the whole organisation
    // (bench/records-query.ts measured 340 ms for one trace on 1M rows, against under 1 ms).
    sql: `
CREATE TABLE request_records (
  id TEXT PRIMARY KEY NOT NULL,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  organization_id TEXT NOT NULL,
  team_id TEXT,
  project_id TEXT,
  key_id TEXT,
  session_id TEXT,
  workflow_id TEXT,
  received_at INTEGER NOT NULL,
  first_token_at INTEGER,
  done_at INTEGER NOT NULL,
  operation TEXT NOT NULL,
  dialect TEXT NOT NULL,
  stream INTEGER NOT NULL,
  model TEXT NOT NULL,
  route TEXT,
  config_version INTEGER NOT NULL,
  provider TEXT,
  provider_type TEXT,
  upstream_model TEXT,
  response_model TEXT,
  status INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  error_code TEXT,
  finish_reason TEXT,
  cache TEXT NOT NULL,
  cost_usd REAL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  usage_source TEXT NOT NULL,
  body_policy TEXT NOT NULL,
  usage TEXT NOT NULL CHECK (json_valid(usage)),
  cost TEXT NOT NULL CHECK (json_valid(cost)),
  guardrails TEXT NOT NULL CHECK (json_valid(guardrails))
) STRICT;
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
  request_id TEXT NOT NULL REFERENCES request_records (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  provider TEXT NOT NULL,
  provider_type TEXT NOT NULL,
  upstream_model TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  first_token_ms REAL,
  status INTEGER,
  outcome TEXT NOT NULL,
  error_code TEXT,
  error_message TEXT,
  span_id TEXT NOT NULL,
  PRIMARY KEY (request_id, number)
) STRICT, WITHOUT ROWID;
CREATE TABLE request_bodies (
  request_id TEXT PRIMARY KEY NOT NULL REFERENCES request_records (id) ON DELETE CASCADE,
  prompt TEXT,
  response TEXT,
  error_message TEXT
) STRICT, WITHOUT ROWID;
CREATE VIRTUAL TABLE request_bodies_search USING fts5 (
  request_id UNINDEXED, prompt, response,
  content = '', contentless_delete = 1, contentless_unindexed = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE record_purges (
  id TEXT PRIMARY KEY NOT NULL,
  at INTEGER NOT NULL,
  rule TEXT NOT NULL CHECK (json_valid(rule) AND json_type(rule) = 'object'),
  deleted INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 3,
    name: 'create_reviews',
    // The human review queue (review-store.ts): an item per request a guardrail flagged, keyed by
    // the request id and gone with its record. The status index leads with the status: the
    // pending count reads it across organisations, and a page of one status reads it in order.
    sql: `
CREATE TABLE reviews (
  request_id TEXT PRIMARY KEY NOT NULL REFERENCES request_records (id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL,
  team_id TEXT,
  project_id TEXT,
  key_id TEXT,
  received_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  route TEXT,
  model TEXT NOT NULL,
  checks TEXT NOT NULL CHECK (json_valid(checks) AND json_type(checks) = 'array'),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  note TEXT,
  decided_by TEXT,
  decided_by_key_id TEXT,
  decided_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX reviews_organization_idx ON reviews (organization_id, received_at, request_id);
CREATE INDEX reviews_status_idx ON reviews (status, organization_id, received_at, request_id);
`,
  },
  {
    version: 4,
    name: 'create_held_answers',
    // Answers an output check held for review (held-answer.ts), one per review item and gone with
    // it (so with its record). The answer is kept whatever the route's body policy and set to NULL
    // once delivered, rejected or expired; the partial index lets the expiry sweep read only the
    // rows still holding one.
    sql: `
CREATE TABLE held_answers (
  request_id TEXT PRIMARY KEY NOT NULL REFERENCES reviews (request_id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL,
  answer TEXT,
  callback_url TEXT,
  secret_env TEXT,
  expires_at INTEGER NOT NULL,
  delivery TEXT NOT NULL CHECK (delivery IN ('waiting', 'sending', 'ready', 'delivered', 'failed', 'expired')),
  attempts INTEGER NOT NULL,
  last_error TEXT,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX held_answers_expiry_idx ON held_answers (expires_at) WHERE answer IS NOT NULL;
`,
  },
  {
    version: 5,
    name: 'add_request_semantic',
    // How a request's semantic cache lookup ended (RequestRecord.semantic): JSON, NULL when no
    // lookup ran. Records written before it read back as NULL.
    sql: `
ALTER TABLE request_records ADD COLUMN semantic TEXT CHECK (semantic IS NULL OR json_valid(semantic));
`,
  },
  {
    version: 6,
    name: 'index_keys_revoked',
    // Replicas poll for keys revoked since their last look (auth/revocation-poll.ts); only revoked
    // rows are indexed.
    sql: `
CREATE INDEX keys_revoked_idx ON keys (revoked_at) WHERE revoked_at IS NOT NULL;
`,
  },
];
