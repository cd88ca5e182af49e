/**
 * Ingest: events per second through the full write path (validation, conservation,
 * provenance, projections, log leaves, checkpoint) on a file database, beside two baselines
 * in fresh databases, in as many transactions: raw batched inserts of exactly the rows that
 * path wrote, and the events' log leaves alone (one row per event: the least any ledger that
 * keeps its log must write).
 */
import type { InValue } from '@libsql/client';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Catalog } from '../../api/domain/catalog.ts';
import { insertRows } from '../../api/store/bulk-sql.ts';
import * as schema from '../../api/store/schema.ts';
import { buildLedger, freshFileDatabase } from './ledger-fixture.ts';
import { median, round } from './stats.ts';

const tables = [
  schema.events,
  schema.lots,
  schema.lotShares,
  schema.flows,
  schema.eventState,
  schema.donations,
  schema.logNodes,
  schema.checkpoints,
  schema.ledgerMeta,
];

export async function benchIngest(catalog: Catalog, events: number, batchSize: number, reps: number) {
  const full: number[] = [];
  const raw: number[] = [];
  const leavesAlone: number[] = [];
  for (let r = 0; r < reps; r++) {
    const a = await freshFileDatabase('ingest-a');
    full.push(events / ((await buildLedger(a, catalog, events, batchSize)) / 1000));
    // The same rows, written raw.
    const dump: Array<{ table: (typeof tables)[number]; columns: string[]; rows: InValue[][] }> = [];
    for (const table of tables) {
      const name = (table as unknown as { [k: symbol]: string })[Symbol.for('drizzle:Name')]!;
      // Stored columns only: generated ones (the event id, its recording time) are computed.
      const stored = (
        await a.client.execute(`SELECT name FROM pragma_table_xinfo('${name}') WHERE hidden = 0`)
      ).rows.map((r) => `"${String(r.name)}"`);
      const res = await a.client.execute(`SELECT ${stored.join(', ')} FROM "${name}"`);
      dump.push({
        table,
        columns: res.columns,
        rows: res.rows.map((row) => res.columns.map((c) => row[c] as InValue)),
      });
    }
    a.close();
    const b = await freshFileDatabase('ingest-b');
    const transactions = Math.ceil(events / batchSize);
    const t0 = performance.now();
    for (let i = 0; i < transactions; i++) {
      const tx = await b.client.transaction('write');
      for (const d of dump) {
        const per = Math.ceil(d.rows.length / transactions);
        await insertRows(tx, d.table, d.columns, d.rows.slice(i * per, (i + 1) * per));
      }
      await tx.commit();
      tx.close();
    }
    raw.push(events / ((performance.now() - t0) / 1000));
    b.close();
    leavesAlone.push(await storeLeaves(dump.find((d) => d.table === schema.events)!, transactions));
  }
  const rows = dumpSize(events);
  return {
    events,
    batchSize,
    reps,
    fullPathEventsPerSecond: round(median(full), 0),
    rawInsertEventsPerSecond: round(median(raw), 0),
    ratio: round(median(full) / median(raw), 3),
    leavesAloneEventsPerSecond: round(median(leavesAlone), 0),
    shareOfLeavesAlone: round(median(full) / median(leavesAlone), 3),
    note: `medians of ${reps}; raw = the rows the write path produced (${rows}), inserted with the write path's bulk INSERTs in the same number of transactions; leaves alone = each event's leaf in a table of (seq, leaf), same transactions`,
  };
}

const dumpSize = (events: number) =>
  `events, lots, lot_shares, flows, event_state, donations, log_nodes, checkpoints for ${events.toLocaleString('en')} events`;

const leaves = sqliteTable('leaves', { seq: integer('seq').primaryKey(), leaf: text('leaf').notNull() });

/** Events per second storing only the leaves, in `transactions` transactions. */
async function storeLeaves(
  dumped: { columns: string[]; rows: InValue[][] },
  transactions: number,
): Promise<number> {
  const seq = dumped.columns.indexOf('seq');
  const leaf = dumped.columns.indexOf('leaf');
  const rows = dumped.rows.map((r) => [r[seq]!, r[leaf]!]);
  const c = await freshFileDatabase('ingest-leaves');
  await c.client.execute('CREATE TABLE leaves (seq INTEGER PRIMARY KEY, leaf TEXT NOT NULL)');
  const per = Math.ceil(rows.length / transactions);
  const t0 = performance.now();
  for (let i = 0; i < transactions; i++) {
    const tx = await c.client.transaction('write');
    await insertRows(tx, leaves, ['seq', 'leaf'], rows.slice(i * per, (i + 1) * per));
    await tx.commit();
    tx.close();
  }
  const perSecond = rows.length / ((performance.now() - t0) / 1000);
  c.close();
  return perSecond;
}
