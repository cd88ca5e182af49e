/**
 * Fate and trail of one gift through ≥ 6 hops, in process (the route handler through
 * `app.request`, so validation, queries, proof and JSON included), at several ledger sizes.
 */
import type { Catalog } from '../../api/domain/catalog.ts';
import { createApp } from '../../api/http/app.ts';
import { existsSync } from 'node:fs';
import { openDatabase } from '../../api/store/database.ts';
import {
  benchDatabasePath,
  benchKey,
  benchReceiptCodes,
  benchPrivateSalts,
  buildLedger,
  freshFileDatabase,
} from './ledger-fixture.ts';
import { median, quantile, round } from './stats.ts';

export async function benchFate(
  catalog: Catalog,
  events: number,
  samples: number,
  progress: (done: number) => void,
  reuse = false,
) {
  const path = benchDatabasePath(`fate-${events}`);
  const kept = reuse && existsSync(path);
  const database = kept ? await openDatabase(`file:${path}`) : await freshFileDatabase(`fate-${events}`);
  const buildMs = kept ? null : await buildLedger(database, catalog, events, 5_000, progress);
  // The gift's fate as computed from the database (response cache off), and as served again
  // from the response cache while the log has not grown.
  const deps = {
    database,
    catalog,
    clock: () => new Date(),
    signingKey: benchKey,
    origin: benchKey.name,
    receiptCodes: benchReceiptCodes,
    privateSalts: benchPrivateSalts,
  };
  const { app } = createApp({ ...deps, responseCache: false });
  const { app: cachedApp } = createApp(deps);
  const deep = await database.client.execute({
    sql: `SELECT d.receipt_code AS code, count(*) AS hops FROM flows f JOIN donations d ON d.key = f.donation
          WHERE f.kind = 'transferred' GROUP BY f.donation HAVING hops >= 6 ORDER BY f.donation LIMIT ?`,
    args: [samples],
  });
  if (deep.rows.length === 0) throw new Error('no gift travelled six hops');
  const measure = async (target: typeof app) => {
    const times: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const row of deep.rows) {
        const t0 = performance.now();
        const res = await target.request(`/api/v1/donations/${row.code}`);
        const body = await res.json();
        const ms = performance.now() - t0;
        if (res.status !== 200 || body.fate.length === 0) throw new Error(`lookup failed: ${res.status}`);
        if (round === 1) times.push(ms); // the first round warms the page cache (and fills the response cache)
      }
    }
    return times;
  };
  const times = await measure(app);
  const cached = await measure(cachedApp);
  const size = Number(
    (
      await database.client.execute(
        'SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()',
      )
    ).rows[0]!.b,
  );
  database.close();
  return {
    events,
    gifts: deep.rows.length,
    minHops: 6,
    buildEventsPerSecond: buildMs === null ? null : round(events / (buildMs / 1000), 0),
    latencyMsP50: round(median(times), 2),
    latencyMsP95: round(quantile(times, 0.95), 2),
    latencyMsMax: round(Math.max(...times), 2),
    cachedMsP50: round(median(cached), 3),
    cachedMsP95: round(quantile(cached, 0.95), 3),
    databaseMegabytes: round(size / 1e6, 1),
  };
}
