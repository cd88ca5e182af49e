/**
 * Ingest: events per second through the full write path (validation, conservation,
 * provenance, projections, log leaves, checkpoint) on a file database, beside raw batched
 * inserts of exactly the rows that path wrote, into a fresh database, in as many transactions.
 */
import type { InValue } from '@libsql/client';
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
  for (let r = 0; r < reps; r++) {
    const a = await freshFileDatabase('ingest-a');
    full.push(events / ((await buildLedger(a, catalog, events, batchSize)) / 1000));
    // The same rows, written raw.
    const dump: Array<{ table: (typeof tables)[number]; columns: string[]; rows: InValue[][] }> = [];
    for (const table of tables) {
      const name = (table as unknown as { [k: symbol]: string })[Symbol.for('drizzle:Name')]!;
      const res = await a.client.execute(`SELECT * FROM "${name}"`);
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
  }
  const rows = dumpSize(events);
  return {
    events,
    batchSize,
    reps,
    fullPathEventsPerSecond: round(median(full), 0),
    rawInsertEventsPerSecond: round(median(raw), 0),
    ratio: round(median(full) / median(raw), 3),
    note: `raw = the rows the write path produced (${rows}), inserted with multi-row INSERTs in the same number of transactions`,
  };
}

const dumpSize = (events: number) =>
  `events, lots, lot_shares, flows, event_state, donations, log_nodes, checkpoints for ${events.toLocaleString('en')} events`;
