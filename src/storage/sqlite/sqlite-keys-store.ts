// KeysStore on the embedded SQLite file (see open-sqlite-database.ts for why synchronous calls
// are acceptable here: each method is one indexed statement). SQL stays in this file.

import type { Database, Statement } from 'better-sqlite3';
import { systemClock, type Clock } from '../clock.js';
import { randomId, type IdGenerator } from '../id-generator.js';
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
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  metadata: string;
}

const columns =
  'id, kind, name, prefix, hash, organization_id, team_id, project_id, created_at, expires_at, revoked_at, metadata';

export class SqliteKeysStore implements KeysStore {
  private readonly clock: Clock;
  private readonly newId: IdGenerator;
  private readonly statements: {
    insert: Statement;
    byPrefix: Statement<[string], KeyRow>;
    byId: Statement<[string, string], KeyRow>;
    list: Statement<[{ organizationId: string; kind: string | null; includeRevoked: number }], KeyRow>;
    revoke: Statement<[string, string, string]>;
    revokedSince: Statement<[string], { id: string; revoked_at: string }>;
  };

  constructor(database: Database, options: KeysStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomId;
    this.statements = {
      insert: database.prepare(
        `INSERT INTO keys (${columns}) VALUES (@id, @kind, @name, @prefix, @hash, @organization_id, ` +
          '@team_id, @project_id, @created_at, @expires_at, @revoked_at, @metadata)',
      ),
      byPrefix: database.prepare(`SELECT ${columns} FROM keys WHERE prefix = ? ORDER BY created_at, id`),
      byId: database.prepare(`SELECT ${columns} FROM keys WHERE id = ? AND organization_id = ?`),
      list: database.prepare(
        `SELECT ${columns} FROM keys WHERE organization_id = @organizationId ` +
          'AND (@kind IS NULL OR kind = @kind) AND (@includeRevoked = 1 OR revoked_at IS NULL) ' +
          'ORDER BY created_at, id',
      ),
      revoke: database.prepare(
        'UPDATE keys SET revoked_at = ? WHERE id = ? AND organization_id = ? AND revoked_at IS NULL',
      ),
      // ISO-8601 UTC text, all written by toISOString: text order is time order.
      revokedSince: database.prepare(
        'SELECT id, revoked_at FROM keys WHERE revoked_at >= ? ORDER BY revoked_at, id',
      ),
    };
  }

  async create(newKey: NewKey): Promise<KeyRecord> {
    const record = toKeyRecord(newKey, this.newId(), this.clock());
    try {
      this.statements.insert.run(toRow(record));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new StorageError('conflict', 'a key with this hash or id already exists');
      throw error;
    }
    return record;
  }

  async findByPrefix(prefix: string): Promise<KeyRecord[]> {
    return this.statements.byPrefix.all(prefix).map(fromRow);
  }

  async get(id: string, organizationId: string): Promise<KeyRecord | undefined> {
    const row = this.statements.byId.get(id, organizationId);
    return row === undefined ? undefined : fromRow(row);
  }

  async list(options: ListKeysOptions): Promise<KeyRecord[]> {
    const rows = this.statements.list.all({
      organizationId: options.organizationId,
      kind: options.kind ?? null,
      includeRevoked: options.includeRevoked === true ? 1 : 0,
    });
    return rows.map(fromRow);
  }

  async revoke(id: string, organizationId: string, at: Date): Promise<boolean> {
    return this.statements.revoke.run(at.toISOString(), id, organizationId).changes === 1;
  }

  async revokedSince(since: Date): Promise<RevokedKey[]> {
    return this.statements.revokedSince
      .all(since.toISOString())
      .map((row) => ({ id: row.id, revokedAt: new Date(row.revoked_at) }));
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function toRow(record: KeyRecord): KeyRow {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    prefix: record.prefix,
    hash: record.hash,
    organization_id: record.scope.organizationId,
    team_id: record.scope.teamId,
    project_id: record.scope.projectId,
    created_at: record.createdAt.toISOString(),
    expires_at: record.expiresAt?.toISOString() ?? null,
    revoked_at: record.revokedAt?.toISOString() ?? null,
    metadata: JSON.stringify(record.metadata),
  };
}

function fromRow(row: KeyRow): KeyRecord {
  return {
    id: row.id,
    kind: row.kind as KeyKind,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    scope: { organizationId: row.organization_id, teamId: row.team_id, projectId: row.project_id },
    createdAt: new Date(row.created_at),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
}
