/** Outcome evaluation per region (rolled up through GB/T 2260) or per appeal, and the appeals list. */
import type { Client, InValue, Transaction } from '@libsql/client';
import type { Catalog, RegionLevel } from '../../domain/catalog.ts';
import type { Urgency } from '../../domain/needs.ts';
import {
  evaluateGoods,
  evaluateNeeds,
  type GoodsAccount,
  type GoodsOutcome,
  type NeedOutcome,
  type NeedTiming,
} from '../../domain/outcomes.ts';
import { questionMarks } from '../bulk-sql.ts';
import { goodsAccounts, organizationsById } from './signals.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export type OutcomeRow = { key: string } & NeedOutcome & GoodsOutcome;

export async function outcomes(
  sql: Sql,
  catalog: Catalog,
  q: { by: 'region' | 'appeal'; level: RegionLevel; asOf: string },
): Promise<OutcomeRow[]> {
  const keyOfRegion = (code: string) => catalog.rollUp(code, q.level)?.code ?? null;
  const needRows = (
    await sql.execute({
      sql: "SELECT region, appeal, urgency, reported_at, first_delivery_at, met_at FROM needs WHERE status <> 'withdrawn'",
      args: [],
    })
  ).rows;
  const asOfMs = Date.parse(q.asOf);
  const timings = new Map<string, NeedTiming[]>();
  for (const r of needRows) {
    if (Date.parse(String(r.reported_at)) > asOfMs) continue;
    const key =
      q.by === 'region' ? keyOfRegion(String(r.region)) : r.appeal === null ? null : String(r.appeal);
    if (key === null) continue;
    const list = timings.get(key) ?? [];
    list.push({
      urgency: String(r.urgency) as Urgency,
      reportedAt: String(r.reported_at),
      firstDeliveryAt: r.first_delivery_at === null ? null : String(r.first_delivery_at),
      metAt: r.met_at === null ? null : String(r.met_at),
    });
    timings.set(key, list);
  }
  const accounts = await goodsAccounts(sql, catalog, q.asOf);
  const regionOf =
    q.by === 'region'
      ? await organizationsById(sql, [...new Set(accounts.map(([k]) => k.holder))])
      : new Map();
  const grouped = new Map<string, GoodsAccount[]>();
  for (const [k, acc] of accounts) {
    const key = q.by === 'region' ? keyOfRegion(regionOf.get(k.holder)?.region ?? '') : k.appeal;
    if (key === null) continue;
    grouped.set(key, [...(grouped.get(key) ?? []), acc]);
  }
  const keys = [...new Set([...timings.keys(), ...grouped.keys()])].sort();
  return keys.map((key) => ({
    key,
    ...evaluateNeeds(timings.get(key) ?? [], q.asOf),
    ...evaluateGoods(grouped.get(key) ?? []),
  }));
}

export interface AppealSummary {
  id: string;
  titleZh: string;
  titleEn: string;
  region: string | null;
  disease: string | null;
  openedBy: string;
  openedAt: string;
  status: string;
  seq: number;
  given: Array<{ asset: string; amount: number; gifts: number }>;
  needs: number;
  needsMet: number;
}

export async function listAppeals(
  sql: Sql,
  q: { after: number; limit: number },
): Promise<{ rows: AppealSummary[]; more: boolean }> {
  const rows = (
    await sql.execute({
      sql: 'SELECT * FROM appeals WHERE seq > ? ORDER BY seq LIMIT ?',
      args: [q.after, q.limit + 1],
    })
  ).rows;
  const page = rows.slice(0, q.limit);
  const ids: InValue[] = page.map((r) => String(r.id));
  const marks = questionMarks(ids.length);
  const given =
    ids.length === 0
      ? []
      : (
          await sql.execute({
            sql: `SELECT restriction_appeal AS appeal, asset, sum(amount) AS amount, count(*) AS gifts FROM donations
          WHERE kind = 'donation' AND status = 'active' AND restriction_appeal IN (${marks}) GROUP BY 1, 2 ORDER BY 1, 2`,
            args: ids,
          })
        ).rows;
  const needs =
    ids.length === 0
      ? []
      : (
          await sql.execute({
            sql: `SELECT appeal, count(*) AS needs, sum(status = 'met') AS met FROM needs WHERE status <> 'withdrawn' AND appeal IN (${marks}) GROUP BY 1`,
            args: ids,
          })
        ).rows;
  return {
    more: rows.length > q.limit,
    rows: page.map((r) => {
      const n = needs.find((x) => x.appeal === r.id);
      return {
        id: String(r.id),
        titleZh: String(r.title_zh),
        titleEn: String(r.title_en),
        region: r.region === null ? null : String(r.region),
        disease: r.disease === null ? null : String(r.disease),
        openedBy: String(r.opened_by),
        openedAt: String(r.opened_at),
        status: String(r.status),
        seq: Number(r.seq),
        given: given
          .filter((g) => g.appeal === r.id)
          .map((g) => ({ asset: String(g.asset), amount: Number(g.amount), gifts: Number(g.gifts) })),
        needs: Number(n?.needs ?? 0),
        needsMet: Number(n?.met ?? 0),
      };
    }),
  };
}

/** Every appeal's titles, [Chinese, English], by id. */
export async function appealTitles(sql: Sql): Promise<Map<string, string[]>> {
  const rows = (await sql.execute('SELECT id, title_zh, title_en FROM appeals')).rows;
  return new Map(rows.map((r) => [String(r.id), [String(r.title_zh), String(r.title_en)]]));
}
