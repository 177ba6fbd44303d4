// The one error a store throws for a caller's mistake (bad input, a uniqueness conflict), so the
// admin API can map it to 400/409 without knowing which backend is running. Infrastructure
// failures (connection lost, disk full) pass through as the driver threw them.

export type StorageErrorCode = 'invalid-input' | 'conflict';

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

export function isStorageError(value: unknown): value is StorageError {
  return value instanceof StorageError;
}
