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
import { keptLoaderLimit, LedgerLoader } from './ledger-loader.ts';
import { drizzle } from 'drizzle-orm/libsql';
import type { Client } from '@libsql/client';
import * as schema from './schema.ts';
import { insertRows, questionMarks, upsert, type Executor } from './bulk-sql.ts';
import type { InValue, ResultSet } from '@libsql/client';
import { logSize } from './log-size.ts';
import { persistProjections, workingSet, type AppliedEvent } from './outcome-rows.ts';
import { nextTurn } from './ledger-writer.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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
  'custody_handovers',
  'temperature_logs',
  'lot_releases',
  'reserve_plans',
  'dispatch_requests',
  'dispatch_reviews',
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

/** A stored event with the exact bytes of its leaf. */
export interface StoredEvent {
  event: RecordedEvent;
  leaf: string;
}

/**
 * The log's events in seq order, a page at a time, each joined with its private part and
 * checked against its leaf's commitment; only one page is held at once.
 */
export async function* readStoredEvents(client: Executor, pageSize = 5_000): AsyncGenerator<StoredEvent[]> {
  for (let after = 0; ; ) {
    const rows = await client.execute({
      sql: `SELECT e.seq, e.leaf, p.salt, p.withheld FROM events e LEFT JOIN event_private p ON p.seq = e.seq
            WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
      args: [after, pageSize],
    });
    if (rows.rows.length === 0) return;
    const page: StoredEvent[] = [];
    for (const r of rows.rows) {
      const leaf = String(r.leaf);
      const event = storedEvent(Number(r.seq), leaf, r.salt, r.withheld);
      if (typeof event === 'string') throw new Error(event);
      page.push({ event, leaf });
    }
    after = page.at(-1)!.event.seq;
    yield page;
  }
}

export async function rebuildProjections(
  database: Database,
  catalog: CatalogLookup,
  onProgress: (done: number, total: number) => void = () => {},
  pageSize = 5_000,
  keepLimit = keptLoaderLimit,
): Promise<number> {
  const { client } = database;
  const total = await logSize(client);
  const collectGarbage = garbageCollector();
  const tx = await client.transaction('write');
  try {
    for (const t of projectionTables) await tx.execute(`DELETE FROM "${t}"`);
    const db = drizzle(tx as unknown as Client, { schema });
    // One loader for every page, as a writer keeps its working set between its own batches:
    // lots, organizations and appeals stay; event standings, gifts and needs are read back
    // for each page, so memory follows the lots still held, not the ledger's length.
    let loader = new LedgerLoader(catalog, 1);
    let done = 0;
    for await (const page of readStoredEvents(tx, pageSize)) {
      if (loader.footprint > keepLimit) loader = new LedgerLoader(catalog, loader.ledger.book.nextLotId);
      else if (done > 0) loader.startBatch();
      const applied: AppliedEvent[] = [];
      const bodies = page.map(({ event }) => EventBody.parse(event.body));
      await loader.prefetch(
        db,
        page.map(({ event }, i) => ({ body: bodies[i]!, recordedBy: event.recordedBy })),
      );
      for (const [i, { event, leaf }] of page.entries()) {
        const body = bodies[i]!;
        await loader.prepare(db, body, event.recordedBy);
        const outcome = loader.record({
          body,
          recordedBy: event.recordedBy,
          seq: event.seq,
          recordedAt: event.recordedAt,
          receiptCode: () => event.receiptCode!,
        });
        applied.push({ outcome, leaf });
      }
      await persistProjections(tx, applied, workingSet(loader, catalog));
      await nextTurn();
      collectGarbage();
      done += page.length;
      onProgress(done, total);
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

/**
 * A full garbage collection, run between pages. A page leaves behind its rows, outcomes and
 * the native memory of its statements (freed only when their objects are collected); left to
 * itself, V8 lets the heap grow by hundreds of megabytes first, since nothing else presses on
 * it. Collecting between pages keeps a rebuild's memory flat, and costs less than the growth.
 */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * SHA-256 over every projection row in primary-key order: equal digests mean identical
 * projections. Rows are read a page at a time (keyset on the key), so any ledger size fits.
 */
export async function projectionDigest(database: Database, pageSize = 5_000): Promise<string> {
  const { client } = database;
  const hash = createHash('sha256');
  const collectGarbage = garbageCollector();
  let pages = 0;
  for (const t of projectionTables) {
    const info = (await client.execute(`SELECT name, pk FROM pragma_table_info('${t}') ORDER BY cid`)).rows;
    const cols = info.map((r) => String(r.name));
    const key = info
      .filter((r) => Number(r.pk) > 0)
      .sort((x, y) => Number(x.pk) - Number(y.pk))
      .map((r) => `"${String(r.name)}"`);
    const select = `SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}"`;
    const order = `ORDER BY ${key.join(', ')} LIMIT ${pageSize}`;
    hash.update(`${t}\n`);
    for (let last: InValue[] | null = null; ; ) {
      const page: ResultSet = last
        ? await client.execute({
            sql: `${select} WHERE (${key.join(', ')}) > (${questionMarks(key.length)}) ${order}`,
            args: last,
          })
        : await client.execute(`${select} ${order}`);
      for (const row of page.rows) hash.update(`${canonicalize(cols.map((c) => row[c] ?? null))}\n`);
      if (++pages % 20 === 0) collectGarbage();
      if (page.rows.length < pageSize) break;
      const lastRow = page.rows.at(-1)!;
      last = key.map((k) => lastRow[k.slice(1, -1)] ?? null);
    }
  }
  return hash.digest('hex');
}
