/**
 * Coverage read latency: GET /api/v1/coverage grouped by province × disease on demo ledgers of
 * growing size, beside a bare Hono route answering fixed JSON through the same app.request()
 * path and the raw SQL sum over the same cells, measured in the same run.
 */
import { Hono } from 'hono';
import { createApp } from '../../api/http/app.ts';
import { demoLedger } from './demo-ledger.ts';
import { median, quantile, round } from './stats.ts';

async function timeRequests(request: () => Response | Promise<Response>, runs: number): Promise<number[]> {
  for (let i = 0; i < 10; i++) await (await request()).arrayBuffer();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await request();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    ms.push(performance.now() - t);
  }
  return ms;
}

export async function benchCoverage(
  scales: number[],
  runs: number,
  onProgress?: (events: number) => (done: number) => void,
) {
  const bare = new Hono().get('/bare', (c) =>
    c.json({ data: [{ region: '420000', disease: 'N18', needed: 100, delivered: 80 }], nextCursor: null }),
  );
  const rows = [];
  for (const events of scales) {
    const ctx = await demoLedger(events, onProgress?.(events));
    const { app } = createApp({
      ...ctx,
      origin: ctx.signingKey.name,
      readLimit: { limit: 1e9, windowMs: 60_000 },
    });
    const path = '/api/v1/coverage?groupBy=region,disease&level=province';
    // The first answer at this log size is computed; later identical requests are served kept.
    const firstStarted = performance.now();
    const first = await (await app.request(path)).json();
    const firstAnswerMs = performance.now() - firstStarted;
    const coverage = await timeRequests(() => app.request(path), runs);
    // The same cells the route reads (province level, month grain), summed with no API around it.
    const sql =
      "SELECT region, disease, sum(needed), sum(delivered), sum(covered) FROM coverage_cells WHERE level = 'province' AND period = 'month' GROUP BY region, disease";
    const rawMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await ctx.database.client.execute(sql);
      rawMs.push(performance.now() - t);
    }
    const bareMs = await timeRequests(() => bare.request('/bare'), runs);
    const cells = Number(
      (await ctx.database.client.execute('SELECT count(*) AS n FROM coverage_cells')).rows[0]!.n,
    );
    rows.push({
      events,
      coverageCells: cells,
      groups: first.data.length,
      firstAnswerMs: round(firstAnswerMs, 2),
      coverageMedianMs: round(median(coverage), 2),
      coverageP95Ms: round(quantile(coverage, 0.95), 2),
      rawSqlMedianMs: round(median(rawMs), 2),
      bareRouteMedianMs: round(median(bareMs), 3),
      targetP95Ms: 50,
    });
    ctx.database.close();
  }
  return rows;
}
