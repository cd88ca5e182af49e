/**
 * Rebuilds every projection from the event log alone: the projections are emptied and each
 * event is replayed, in seq order, through the same ledger rules that recorded it. An event
 * is its public leaf joined with the private part kept beside it (the exact counts, the
 * anonymous parties' ids, the receipt code), each private part checked against the commitment
 * its leaf carries. The result must be identical, row for row, to what the write path
 * produced; `projectionDigest` makes that checkable.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { commits, joinEvent, logFormat, type PublicLeaf, type Withheld } from '../contract/privacy.ts';
import { EventBody, type RecordedEvent } from '../domain/events.ts';
import type { CatalogLookup } from '../domain/ledger-state.ts';
import type { Database } from './database.ts';
import { LedgerLoader } from './ledger-loader.ts';
import { drizzle } from 'drizzle-orm/libsql';
import type { Client } from '@libsql/client';
import * as schema from './schema.ts';
import { insertRows, upsert, type Executor } from './bulk-sql.ts';
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
  'complaints',
  'ledger_meta',
] as const;

/** The event of a stored leaf and its private part: as recorded, or a reason it cannot be. */
export function storedEvent(
  seq: number,
  leafText: string,
  salt: unknown,
  withheld: unknown,
): RecordedEvent | string {
  const leaf = JSON.parse(leafText) as PublicLeaf;
  if (leaf.v !== logFormat) return formatProblem;
  if (leaf.seq !== seq) return `event row ${seq} carries the leaf of seq ${leaf.seq}`;
  const privatePart =
    salt === null || salt === undefined
      ? null
      : { salt: String(salt), withheld: JSON.parse(String(withheld)) as Withheld };
  if (!commits(leaf, privatePart))
    return `the private part of ${leaf.id} does not match the commitment in its leaf`;
  return joinEvent(leaf, privatePart);
}

/** What a ledger written before log format 2 is told. */
export const formatProblem = `this ledger was written in an older log format, whose leaves published private fields; log format ${logFormat} keeps them off the log. Re-create it: \`npx aidtrail init --demo\` (or --empty and record again)`;

/** Null when the ledger is empty or its leaves are of the current log format; else why not. */
export async function logFormatProblem(client: Executor): Promise<string | null> {
  const first = await client.execute('SELECT leaf FROM events ORDER BY seq LIMIT 1');
  if (!first.rows[0]) return null;
  return (JSON.parse(String(first.rows[0].leaf)) as { v?: unknown }).v === logFormat ? null : formatProblem;
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
        sql: `SELECT e.seq, e.leaf, p.salt, p.withheld FROM events e LEFT JOIN event_private p ON p.seq = e.seq
              WHERE e.seq >= ? AND e.seq < ? ORDER BY e.seq`,
        args: [from, from + batch],
      });
      const applied: AppliedEvent[] = [];
      for (const r of rows.rows) {
        const leafText = String(r.leaf);
        const event = storedEvent(Number(r.seq), leafText, r.salt, r.withheld);
        if (typeof event === 'string') throw new Error(event);
        const body = EventBody.parse(event.body);
        await loader.prepare(db, body, event.recordedBy);
        const outcome = loader.ledger.record({
          body,
          recordedBy: event.recordedBy,
          seq: event.seq,
          recordedAt: event.recordedAt,
          receiptCode: () => event.receiptCode!,
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
