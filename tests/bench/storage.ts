/**
 * Storage: database bytes per event on demo ledgers, each table with its indexes, beside the
 * bytes of the events' log leaves alone (what the log itself must keep). Pages are counted
 * as SQLite allocates them (dbstat), so free space inside pages counts against the table.
 */
import type { Client } from '@libsql/client';
import { demoLedger } from './demo-ledger.ts';
import { round } from './stats.ts';

/** Bytes per event of each table with its indexes, largest first, and of the leaves alone. */
export async function storageOf(client: Client) {
  const events = Number((await client.execute('SELECT count(*) AS n FROM events')).rows[0]!.n);
  const leafBytes = Number((await client.execute('SELECT total(length(leaf)) AS b FROM events')).rows[0]!.b);
  const pages = await client.execute(
    `SELECT coalesce(m.tbl_name, d.name) AS t, sum(d.pgsize) AS b
       FROM dbstat d LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY t ORDER BY b DESC`,
  );
  const perTable: Record<string, number> = {};
  let total = 0;
  for (const r of pages.rows) {
    total += Number(r.b);
    const perEvent = Number(r.b) / events;
    if (perEvent >= 1) perTable[String(r.t)] = round(perEvent, 0);
  }
  return {
    events,
    bytesPerEvent: round(total / events, 0),
    leafBytesPerEvent: round(leafBytes / events, 0),
    ratio: round(total / leafBytes, 2),
    perTable,
  };
}

export async function benchStorage(sizes: number[], onProgress?: (n: number) => (done: number) => void) {
  const rows = [];
  for (const events of sizes) {
    const ctx = await demoLedger(events, onProgress?.(events));
    try {
      rows.push(await storageOf(ctx.database.client));
    } finally {
      ctx.database.close();
    }
  }
  return rows;
}
