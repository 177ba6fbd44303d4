// KeysStore in process memory, for tests and `--ephemeral` runs: same contract as the databases
// (keys-store.case.ts), nothing persisted. Never hands out a reference to a stored row.

import { systemClock, type Clock } from '../clock.js';
import { randomId, type IdGenerator } from '../id-generator.js';
import {
  compareKeyRecords,
  copyKeyRecord,
  toKeyRecord,
  type KeyRecord,
  type KeysStore,
  type KeysStoreOptions,
  type ListKeysOptions,
  type NewKey,
  type RevokedKey,
} from '../keys-store.js';
import { StorageError } from '../storage-error.js';

export class MemoryKeysStore implements KeysStore {
  private readonly rows = new Map<string, KeyRecord>();
  /** The unique index on hash, as the databases have. */
  private readonly hashes = new Set<string>();
  private readonly clock: Clock;
  private readonly newId: IdGenerator;

  constructor(options: KeysStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomId;
  }

  async create(newKey: NewKey): Promise<KeyRecord> {
    const record = toKeyRecord(newKey, this.newId(), this.clock());
    if (this.hashes.has(record.hash))
      throw new StorageError('conflict', 'a key with this hash already exists');
    if (this.rows.has(record.id)) throw new StorageError('conflict', 'a key with this id already exists');
    this.rows.set(record.id, record);
    this.hashes.add(record.hash);
    return copyKeyRecord(record);
  }

  async findByPrefix(prefix: string): Promise<KeyRecord[]> {
    const found: KeyRecord[] = [];
    for (const row of this.rows.values()) if (row.prefix === prefix) found.push(copyKeyRecord(row));
    return found.sort(compareKeyRecords);
  }

  async get(id: string, organizationId: string): Promise<KeyRecord | undefined> {
    const row = this.rows.get(id);
    return row !== undefined && row.scope.organizationId === organizationId ? copyKeyRecord(row) : undefined;
  }

  async list(options: ListKeysOptions): Promise<KeyRecord[]> {
    const found: KeyRecord[] = [];
    for (const row of this.rows.values()) {
      if (row.scope.organizationId !== options.organizationId) continue;
      if (options.kind !== undefined && row.kind !== options.kind) continue;
      if (row.revokedAt !== null && options.includeRevoked !== true) continue;
      found.push(copyKeyRecord(row));
    }
    return found.sort(compareKeyRecords);
  }

  async revoke(id: string, organizationId: string, at: Date): Promise<boolean> {
    const row = this.rows.get(id);
    if (row === undefined || row.scope.organizationId !== organizationId || row.revokedAt !== null)
      return false;
    row.revokedAt = new Date(at.getTime());
    return true;
  }

  async revokedSince(since: Date): Promise<RevokedKey[]> {
    const found: RevokedKey[] = [];
    for (const row of this.rows.values()) {
      if (row.revokedAt !== null && row.revokedAt.getTime() >= since.getTime())
        found.push({ id: row.id, revokedAt: new Date(row.revokedAt.getTime()) });
    }
    return found.sort((left, right) => left.revokedAt.getTime() - right.revokedAt.getTime());
  }
}
