/**
 * Rebuilds every projection from the event log alone: the projections are emptied and each
 * event is replayed, in seq order, through the same ledger rules that recorded it, with the
 * seq, time and receipt code its leaf carries. The result must be identical, row for row,
 * to what the write path produced; `projectionDigest` makes that checkable.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { EventBody } from '../domain/events.ts';
import type { CatalogLookup } from '../domain/ledger-state.ts';
import type { Database } from './database.ts';
import { LedgerLoader } from './ledger-loader.ts';
import { drizzle } from 'drizzle-orm/libsql';
import type { Client } from '@libsql/client';
import * as schema from './schema.ts';
import { insertRows, upsert } from './bulk-sql.ts';
import { logSize } from './log-size.ts';
import { persistProjections, workingSet, type AppliedEvent } from './outcome-rows.ts';
import { nextTurn } from './ledger-writer.ts';

export const projectionTables = [
  'lots',
  'lot_shares',
  'flows',
  'event_state',
  'donations',
  'appeals',
  'needs',
  'need_allocations',
  'deliveries',
  'coverage_cells',
  'reserve_plans',
  'dispatch_requests',
  'dispatch_reviews',
  'ledger_meta',
] as const;

interface Leaf {
  id: string;
  seq: number;
  recordedBy: string;
  recordedAt: string;
  receiptCode?: string;
  event: unknown;
}

export async function rebuildProjections(
  database: Database,
  catalog: CatalogLookup,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const { client } = database;
  const total = await logSize(client);
  const tx = await client.transaction('write');
  try {
    for (const t of projectionTables) await tx.execute(`DELETE FROM "${t}"`);
    const loader = new LedgerLoader(catalog, 1);
    const db = drizzle(tx as unknown as Client, { schema });
    const batch = 5_000;
    for (let from = 1; from <= total; from += batch) {
      loader.startBatch();
      const rows = await tx.execute({
        sql: 'SELECT seq, leaf FROM events WHERE seq >= ? AND seq < ? ORDER BY seq',
        args: [from, from + batch],
      });
      const applied: AppliedEvent[] = [];
      for (const r of rows.rows) {
        const leafText = String(r.leaf);
        const leaf = JSON.parse(leafText) as Leaf;
        if (leaf.seq !== Number(r.seq))
          throw new Error(`event row ${r.seq} carries the leaf of seq ${leaf.seq}`);
        const body = EventBody.parse(leaf.event);
        await loader.prepare(db, body, leaf.recordedBy);
        const outcome = loader.ledger.record({
          body,
          recordedBy: leaf.recordedBy,
          seq: leaf.seq,
          recordedAt: leaf.recordedAt,
          receiptCode: () => leaf.receiptCode!,
        });
        applied.push({ outcome, leaf: leafText });
      }
      await persistProjections(tx, applied, workingSet(loader, catalog));
      await nextTurn();
      onProgress(Math.min(total, from + batch - 1), total);
    }
    await insertRows(
      tx,
      schema.ledgerMeta,
      ['key', 'value'],
      [['next_lot_id', loader.ledger.book.nextLotId]],
      upsert('key', ['value']),
    );
    await tx.commit();
    return total;
  } catch (e) {
    await tx.rollback();
    throw e;
  } finally {
    tx.close();
  }
}

/** SHA-256 over every projection row in key order: equal digests mean identical projections. */
export async function projectionDigest(database: Database): Promise<string> {
  const hash = createHash('sha256');
  for (const t of projectionTables) {
    const cols = (
      await database.client.execute(`SELECT name FROM pragma_table_info('${t}') ORDER BY cid`)
    ).rows.map((r) => String(r.name));
    const rows = await database.client.execute(
      `SELECT * FROM "${t}" ORDER BY ${cols.map((c) => `"${c}"`).join(', ')}`,
    );
    hash.update(`${t}\n`);
    for (const row of rows.rows) hash.update(`${canonicalize(cols.map((c) => row[c] ?? null))}\n`);
  }
  return hash.digest('hex');
}
