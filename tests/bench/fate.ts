/**
 * Fate and trail of one gift through ≥ 6 hops, in process (the route handler through
 * `app.request`, so validation, queries, proof and JSON included), at several ledger sizes.
 */
import type { Catalog } from '../../api/domain/catalog.ts';
import { createApp } from '../../api/http/app.ts';
import { benchKey, benchReceiptCodes, buildLedger, freshFileDatabase } from './ledger-fixture.ts';
import { median, quantile, round } from './stats.ts';

export async function benchFate(catalog: Catalog, events: number, samples: number, progress: (done: number) => void) {
  const database = await freshFileDatabase(`fate-${events}`);
  const buildMs = await buildLedger(database, catalog, events, 5_000, progress);
  const { app } = createApp({ database, catalog, clock: () => new Date(), signingKey: benchKey, origin: benchKey.name, receiptCodes: benchReceiptCodes });
  const deep = await database.client.execute({
    sql: `SELECT d.receipt_code AS code, count(*) AS hops FROM flows f JOIN donations d ON d.key = f.donation
          WHERE f.kind = 'transferred' GROUP BY f.donation HAVING hops >= 6 ORDER BY f.donation LIMIT ?`,
    args: [samples],
  });
  if (deep.rows.length === 0) throw new Error('no gift travelled six hops');
  const times: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const row of deep.rows) {
      const t0 = performance.now();
      const res = await app.request(`/api/v1/donations/${row.code}`);
      const body = await res.json();
      const ms = performance.now() - t0;
      if (res.status !== 200 || body.fate.length === 0) throw new Error(`lookup failed: ${res.status}`);
      if (round === 1) times.push(ms); // the first round warms caches
    }
  }
  const size = Number((await database.client.execute("SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()")).rows[0]!.b);
  database.close();
  return {
    events, gifts: deep.rows.length, minHops: 6,
    buildEventsPerSecond: round(events / (buildMs / 1000), 0),
    latencyMsP50: round(median(times), 2), latencyMsP95: round(quantile(times, 0.95), 2), latencyMsMax: round(Math.max(...times), 2),
    databaseMegabytes: round(size / 1e6, 1),
  };
}
