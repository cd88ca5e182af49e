/**
 * Forecasting cost: every region (each level) × item with recorded demand forecast at once,
 * beside reading the same monthly history alone, in the same run, on demo ledgers of growing
 * size. Also records the demo's forecast back-test figures for each reserve plan's region × item.
 */
import { forecastEverywhere, forecasts, lastCompleteMonth } from '../../api/store/answers/forecasts.ts';
import { reserves } from '../../api/store/answers/reserves.ts';
import { monthlyDemand } from '../../api/store/queries/demand-history.ts';
import { latestOccurredAt } from '../../api/store/queries/signals.ts';
import { demoLedger } from './demo-ledger.ts';
import { median, round } from './stats.ts';

async function time(run: () => Promise<unknown>, runs: number): Promise<number[]> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return ms;
}

export async function benchReserves(
  scales: number[],
  runs: number,
  onProgress?: (events: number) => (done: number) => void,
) {
  const rows = [];
  let backtests: unknown[] = [];
  for (const events of scales) {
    const ctx = await demoLedger(events, onProgress?.(events));
    const sql = ctx.database.client;
    const asOf = (await latestOccurredAt(sql)).asOf!;
    const until = lastCompleteMonth(asOf);
    const readMs = await time(() => monthlyDemand(sql, { until }), runs);
    let series = 0;
    let cells = 0;
    let seasonal = 0;
    const forecastMs = await time(async () => {
      const all = await forecastEverywhere(sql, ctx.catalog, asOf);
      series = all.forecasts.length;
      cells = all.cells;
      seasonal = all.forecasts.filter((f) => f.method.name === 'seasonal').length;
    }, runs);
    rows.push({
      events,
      demandCells: cells,
      regionItemSeries: series,
      seasonalSeries: seasonal,
      readHistoryMedianMs: round(median(readMs), 1),
      forecastAllMedianMs: round(median(forecastMs), 1),
      forecastingOnlyMs: round(median(forecastMs) - median(readMs), 1),
      perSeriesUs: round(((median(forecastMs) - median(readMs)) * 1000) / Math.max(1, series), 1),
    });
    if (events === scales[0]) {
      backtests = [];
      for (const r of (await reserves(sql, ctx.catalog)).data) {
        const f = (await forecasts(sql, ctx.catalog, { region: r.region, item: r.item, horizon: 6 }))
          .data[0]!;
        backtests.push({
          events,
          holder: r.holder,
          region: r.region,
          item: r.item,
          months: f.history.length,
          method: f.backtest?.method ?? null,
          trainMonths: f.backtest?.trainMonths ?? null,
          testMonths: f.backtest?.testMonths ?? null,
          mapePercent: f.backtest?.mape === null || !f.backtest ? null : round(f.backtest.mape * 100, 1),
          mae: f.backtest ? round(f.backtest.mae, 1) : null,
          januaryIndex: f.seasonalIndex ? round(f.seasonalIndex[0]!, 2) : null,
          julyIndex: f.seasonalIndex ? round(f.seasonalIndex[6]!, 2) : null,
        });
      }
    }
    ctx.database.close();
  }
  return { forecasting: rows, demoBacktests: backtests };
}
