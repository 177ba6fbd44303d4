// KeysStore on Postgres, for replicas sharing one database. SQL stays in this file; named
// statements so the hot lookup (by prefix) is parsed once per connection.

import type { Pool } from 'pg';
import { systemClock, type Clock } from '../clock.js';
import { isUuid, randomId, type IdGenerator } from '../id-generator.js';
import {
  toKeyRecord,
  type KeyKind,
  type KeyRecord,
  type KeysStore,
  type KeysStoreOptions,
  type ListKeysOptions,
  type NewKey,
  type RevokedKey,
} from '../keys-store.js';
import { StorageError } from '../storage-error.js';

interface KeyRow {
  id: string;
  kind: string;
  name: string;
  prefix: string;
  hash: string;
  organization_id: string;
  team_id: string | null;
  project_id: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  metadata: Record<string, unknown>;
}

const columns =
  'id, kind, name, prefix, hash, organization_id, team_id, project_id, created_at, expires_at, revoked_at, metadata';

/** Postgres's code for a unique-constraint violation. */
const uniqueViolation = '23505';

export class PostgresKeysStore implements KeysStore {
  private readonly pool: Pool;
  private readonly clock: Clock;
  private readonly newId: IdGenerator;

  constructor(pool: Pool, options: KeysStoreOptions = {}) {
    this.pool = pool;
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomId;
  }

  async create(newKey: NewKey): Promise<KeyRecord> {
    const record = toKeyRecord(newKey, this.newId(), this.clock());
    try {
      await this.pool.query({
        name: 'keys-insert',
        text: `INSERT INTO keys (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        values: [
          record.id,
          record.kind,
          record.name,
          record.prefix,
          record.hash,
          record.scope.organizationId,
          record.scope.teamId,
          record.scope.projectId,
          record.createdAt,
          record.expiresAt,
          record.revokedAt,
          JSON.stringify(record.metadata),
        ],
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === uniqueViolation) {
        throw new StorageError('conflict', 'a key with this hash or id already exists', { cause: error });
      }
      throw error;
    }
    return record;
  }

  async findByPrefix(prefix: string): Promise<KeyRecord[]> {
    const { rows } = await this.pool.query<KeyRow>({
      name: 'keys-by-prefix',
      text: `SELECT ${columns} FROM keys WHERE prefix = $1 ORDER BY created_at, id`,
      values: [prefix],
    });
    return rows.map(fromRow);
  }

  async get(id: string, organizationId: string): Promise<KeyRecord | undefined> {
    // A malformed id would make Postgres raise a cast error; to the caller it is simply unknown.
    if (!isUuid(id)) return undefined;
    const { rows } = await this.pool.query<KeyRow>({
      name: 'keys-by-id',
      text: `SELECT ${columns} FROM keys WHERE id = $1 AND organization_id = $2`,
      values: [id, organizationId],
    });
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  async list(options: ListKeysOptions): Promise<KeyRecord[]> {
    const { rows } = await this.pool.query<KeyRow>({
      name: 'keys-list',
      text:
        `SELECT ${columns} FROM keys WHERE organization_id = $1 AND ($2::text IS NULL OR kind = $2::text) ` +
        'AND ($3::boolean OR revoked_at IS NULL) ORDER BY created_at, id',
      values: [options.organizationId, options.kind ?? null, options.includeRevoked === true],
    });
    return rows.map(fromRow);
  }

  async revoke(id: string, organizationId: string, at: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.pool.query({
      name: 'keys-revoke',
      text: 'UPDATE keys SET revoked_at = $1 WHERE id = $2 AND organization_id = $3 AND revoked_at IS NULL',
      values: [at, id, organizationId],
    });
    return result.rowCount === 1;
  }

  async revokedSince(since: Date): Promise<RevokedKey[]> {
    const { rows } = await this.pool.query<{ id: string; revoked_at: Date }>({
      name: 'keys-revoked-since',
      text: 'SELECT id, revoked_at FROM keys WHERE revoked_at >= $1 ORDER BY revoked_at, id',
      values: [since],
    });
    return rows.map((row) => ({ id: row.id, revokedAt: row.revoked_at }));
  }
}

function fromRow(row: KeyRow): KeyRecord {
  return {
    id: row.id,
    kind: row.kind as KeyKind,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    scope: { organizationId: row.organization_id, teamId: row.team_id, projectId: row.project_id },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    metadata: row.metadata,
  };
}
