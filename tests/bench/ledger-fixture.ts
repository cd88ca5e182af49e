/** Builds benchmark ledgers in file databases through the real write path. */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, parseSigningKey } from '../../api/domain/merkle/index.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';
import { receiptCodes } from '../../api/domain/receipt-codes.ts';
import type { Catalog } from '../../api/domain/catalog.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { migrateDatabase, openDatabase, type Database } from '../../api/store/database.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';
import { withNativeSigning } from '../../api/cli/native-signing.ts';
import { benchOrganizations, benchWorkload } from './workload.ts';

// Signed natively, as the server's key is when read from its file.
export const benchKey = withNativeSigning(
  parseSigningKey(generateSigningKey('bench.aidtrail.local/log', new Uint8Array(32).fill(3))),
);
export const benchReceiptCodes = receiptCodes(new Uint8Array(32).fill(4));
export const benchPrivateSalts = privateSalts(new Uint8Array(32).fill(5));

export const benchDatabasePath = (name: string) => join(tmpdir(), `aidtrail-bench-${name}.db`);

export async function freshFileDatabase(name: string): Promise<Database> {
  const path = benchDatabasePath(name);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const database = await openDatabase(`file:${path}`);
  await migrateDatabase(database);
  return database;
}

export function benchWriter(database: Database, catalog: Catalog): LedgerWriter {
  let tick = Date.UTC(2026, 5, 1);
  return new LedgerWriter({
    database,
    catalog,
    clock: () => new Date((tick += 1)),
    signingKey: benchKey,
    origin: benchKey.name,
    receiptCodes: benchReceiptCodes,
    privateSalts: benchPrivateSalts,
  });
}

/** A ledger of `events` events; returns the elapsed milliseconds of the writes alone. */
export async function buildLedger(
  database: Database,
  catalog: Catalog,
  events: number,
  batchSize = 2_000,
  onBatch: (done: number) => void = () => {},
): Promise<number> {
  const now = new Date(Date.UTC(2026, 0, 1));
  for (const o of benchOrganizations()) await createOrganization(database.db, o, now, catalog.hasRegion);
  const writer = benchWriter(database, catalog);
  let done = 0;
  const t0 = performance.now();
  for (const batch of benchWorkload(events, batchSize)) {
    const results = await writer.recordBatch(batch);
    const refused = results.find((r) => !r.ok);
    if (refused && !refused.ok) throw new Error(`benchmark workload refused: ${refused.problem.detail}`);
    done += batch.length;
    onBatch(done);
  }
  return performance.now() - t0;
}
