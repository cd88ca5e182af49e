/**
 * When the database cannot take writes (its disk is full, its file or mount is read-only, the
 * disk fails, or another writer holds the lock past the busy timeout), a write is refused as
 * 503 naming the cause, reads go on, and health reports `degraded` until a write succeeds again.
 */
import { Problem } from '../domain/problems.ts';

export type StorageCause = 'disk-full' | 'read-only' | 'io-error' | 'busy';

const causes: Array<[RegExp, StorageCause]> = [
  [/SQLITE_FULL|database or disk is full|no space left/i, 'disk-full'],
  [/SQLITE_READONLY|readonly database|read-only file system/i, 'read-only'],
  [/SQLITE_IOERR|SQLITE_CANTOPEN|disk I\/O error|unable to open database/i, 'io-error'],
  [/SQLITE_BUSY|database is locked/i, 'busy'],
];

const explanations: Record<StorageCause, string> = {
  'disk-full': 'the database is full (no space left on its disk, or its size limit reached)',
  'read-only': 'the database is read-only',
  'io-error': 'the database cannot be read or written (an I/O error)',
  busy: 'the database is locked by another writer for longer than the busy timeout',
};

/** The storage cause of an error from the database, or null for any other error. */
export function storageCause(error: unknown): StorageCause | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = `${(e as { code?: string }).code ?? ''} ${(e as Error).message ?? ''}`;
    for (const [pattern, cause] of causes) if (pattern.test(text)) return cause;
  }
  return null;
}

export const storageProblem = (cause: StorageCause) =>
  new Problem(
    'storage-unavailable',
    'Storage unavailable',
    `Nothing was written: ${explanations[cause]}. Reads go on; retry later.`,
    [],
    { cause },
  );

export interface StorageFailure {
  cause: StorageCause;
  detail: string;
  since: string;
}

/** What the last write found, kept per process: health reads it. */
export class StorageStatus {
  private failure: StorageFailure | null = null;

  constructor(private readonly clock: () => Date) {}

  failed(cause: StorageCause): void {
    if (this.failure?.cause !== cause)
      this.failure = { cause, detail: explanations[cause], since: this.clock().toISOString() };
  }

  succeeded(): void {
    this.failure = null;
  }

  get current(): StorageFailure | null {
    return this.failure;
  }
}
