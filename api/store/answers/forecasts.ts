/**
 * Demand forecasts per region × item (GET /api/v1/forecasts, the forecast page, the benchmark):
 * the recorded monthly history, the method and its back-tested error beside the numbers, the
 * 30-day peak target, and for each reserve serving the region its stock projected month by
 * month, with an alert where it would fall below the plan's minimum.
 */
import type { Client, Transaction } from '@libsql/client';
import type { Catalog } from '../../domain/catalog.ts';
import {
  addMonths,
  backtest,
  fit,
  forecastMethod,
  monthsBetween,
  project,
  thirtyDayPeak,
  type Backtest,
  type ForecastMethodName,
} from '../../domain/forecast.ts';
import { monthlyDemand, type DemandCell } from '../queries/demand-history.ts';
import { latestOccurredAt } from '../queries/signals.ts';
import { reserveStocks, type ReserveStock } from './reserve-stock.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export interface DemandMonth {
  month: string;
  used: number;
  unmet: number;
  demand: number;
}

export interface ReserveProjection {
  holder: string;
  holderName: string | null;
  planRegion: string;
  target: number;
  min: number;
  stock: number;
  /** Share of the region's recorded demand this reserve met by dispatch (0–1). */
  drawShare: number;
  projected: Array<{ month: string; expiring: number; drawn: number; stock: number; belowMin: boolean }>;
}

export interface Forecast {
  region: string;
  item: string;
  method: { name: ForecastMethodName; steps: string[] };
  history: DemandMonth[];
  seasonalIndex: number[] | null;
  trendPerMonth: number | null;
  forecast: Array<{ month: string; demand: number }>;
  backtest: Backtest | null;
  peak: { month: string | null; dailyDemand: number; target: number };
  reserves: ReserveProjection[];
  alerts: Array<{ holder: string; month: string; projectedStock: number; min: number }>;
}

export interface ForecastQuery {
  region: string;
  item?: string;
  horizon: number;
  asOf?: string;
}

/** The last month whose demand is complete at `asOf`. */
export function lastCompleteMonth(asOf: string): string {
  const day = asOf.slice(0, 10);
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const month = day.slice(0, 7);
  return next.slice(0, 7) !== month ? month : addMonths(month, -1);
}

export function descendants(catalog: Catalog, code: string): string[] {
  const out: string[] = [];
  const walk = (c: string) => {
    out.push(c);
    for (const child of catalog.children(c)) walk(child.code);
  };
  walk(code);
  return out;
}

/** Monthly series of one region × item from its first month with demand to `until`, gaps as zero. */
export function demandSeries(cells: readonly DemandCell[], until: string): DemandMonth[] {
  if (cells.length === 0) return [];
  const first = cells.reduce((m, c) => (c.month < m ? c.month : m), until);
  const months = Array.from({ length: monthsBetween(first, until) + 1 }, (_, i) => addMonths(first, i));
  const by = new Map(months.map((m) => [m, { month: m, used: 0, unmet: 0, demand: 0 }]));
  for (const c of cells) {
    const m = by.get(c.month);
    if (!m) continue;
    m.used += c.used;
    m.unmet += c.unmet;
    m.demand += c.used + c.unmet;
  }
  return [...by.values()];
}

/** The forecast of one series; reserves are projected against it when given. */
export function forecastOf(
  region: string,
  item: string,
  history: DemandMonth[],
  horizon: number,
  reserves: readonly ReserveStock[] = [],
): Forecast {
  const series = history.map((m) => m.demand);
  const start = history[0]?.month ?? '';
  const f = fit(series, start);
  const ahead = history.length === 0 ? [] : project(f, series.length, start, horizon);
  const last = history.at(-1)?.month ?? '';
  const forecast = ahead.map((demand, i) => ({ month: addMonths(last, i + 1), demand }));
  const totalDemand = series.reduce((s, x) => s + x, 0);
  const projections = reserves.map((r): ReserveProjection => {
    const drawShare = totalDemand > 0 ? Math.min(1, r.dispatchedToRegion / totalDemand) : 0;
    let stock = r.stock;
    let drawn = 0;
    const projected = forecast.map(({ month, demand }) => {
      const expiring = r.lots
        .filter((l) => l.expiresOn !== null && l.expiresOn.slice(0, 7) === month)
        .reduce((s, l) => s + l.quantity, 0);
      drawn = Math.round(demand * drawShare);
      stock = Math.max(0, stock - expiring - drawn);
      return { month, expiring, drawn, stock, belowMin: stock < r.plan.min };
    });
    return {
      holder: r.holder,
      holderName: r.holderName,
      planRegion: r.plan.region,
      target: r.plan.target,
      min: r.plan.min,
      stock: r.stock,
      drawShare,
      projected,
    };
  });
  return {
    region,
    item,
    method: { name: f.method, steps: [...forecastMethod[f.method]] },
    history,
    seasonalIndex: f.method === 'seasonal' ? f.index : null,
    trendPerMonth: f.method === 'seasonal' ? f.slope : null,
    forecast,
    backtest: backtest(series, start),
    peak: thirtyDayPeak([...history, ...forecast]),
    reserves: projections,
    alerts: projections.flatMap((p) =>
      p.projected
        .filter((m) => m.belowMin)
        .slice(0, 1)
        .map((m) => ({ holder: p.holder, month: m.month, projectedStock: m.stock, min: p.min })),
    ),
  };
}

export async function forecasts(
  sql: Sql,
  catalog: Catalog,
  q: ForecastQuery,
): Promise<{ asOf: string | null; region: string; data: Forecast[] }> {
  const asOf = q.asOf ?? (await latestOccurredAt(sql)).asOf;
  if (asOf === null) return { asOf: null, region: q.region, data: [] };
  const until = lastCompleteMonth(asOf);
  const regions = descendants(catalog, q.region);
  const cells = await monthlyDemand(sql, { regions, item: q.item, until });
  const byItem = new Map<string, DemandCell[]>();
  for (const c of cells) byItem.set(c.item, [...(byItem.get(c.item) ?? []), c]);
  if (q.item && !byItem.has(q.item)) byItem.set(q.item, []);
  const items = [...byItem.keys()].sort();
  const stocks = await reserveStocks(sql, catalog, { asOf, items, servingRegion: q.region });
  return {
    asOf,
    region: q.region,
    data: items.map((item) =>
      forecastOf(
        q.region,
        item,
        demandSeries(byItem.get(item)!, until),
        q.horizon,
        stocks.filter((s) => s.plan.item === item),
      ),
    ),
  };
}

/**
 * Every region (each level, through GB/T 2260) × item with recorded demand, forecast at once
 * from one read of the history: what the benchmark times beside the read alone.
 */
export async function forecastEverywhere(sql: Sql, catalog: Catalog, asOf: string, horizon = 6) {
  const until = lastCompleteMonth(asOf);
  const cells = await monthlyDemand(sql, { until });
  const series = new Map<string, DemandCell[]>();
  for (const c of cells) {
    const keys = new Set([c.region]);
    for (const level of ['county', 'prefecture', 'province'] as const) {
      const up = catalog.rollUp(c.region, level);
      if (up) keys.add(up.code);
    }
    for (const r of keys) {
      const key = `${r}|${c.item}`;
      series.set(key, [...(series.get(key) ?? []), c]);
    }
  }
  const out: Forecast[] = [];
  for (const [key, list] of series) {
    const [region, item] = key.split('|') as [string, string];
    out.push(forecastOf(region, item, demandSeries(list, until), horizon));
  }
  return { cells: cells.length, forecasts: out };
}
