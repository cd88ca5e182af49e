/**
 * Each reserve plan in force, with its holder's stock of the item lot by lot: what the
 * reserves answer and the forecasts' projections both start from.
 */
import type { Client, Transaction } from '@libsql/client';
import { publicName } from '../../contract/privacy.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { ReservePlanRecord } from '../../domain/reserves.ts';
import { organizationsById } from '../queries/signals.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export interface StockLot {
  lot: string;
  quantity: number;
  expiresOn: string | null;
}

export interface ReserveStock {
  holder: string;
  holderName: string | null;
  holderKind: string;
  plan: ReservePlanRecord;
  stock: number;
  lots: StockLot[];
  /** Units this reserve dispatched (signed for) to facilities in the region asked about, or its plan's region. */
  dispatchedToRegion: number;
}

export interface ReserveStockQuery {
  asOf: string;
  items?: readonly string[];
  holder?: string;
  /** Plans whose region holds this one or lies within it. */
  servingRegion?: string;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The plans in force at `asOf`: for each holder × region × item, the latest filed whose validFrom has come. */
export async function plansInForce(sql: Sql, asOf: string): Promise<ReservePlanRecord[]> {
  const rows = (
    await sql.execute({
      sql: 'SELECT * FROM reserve_plans WHERE valid_from <= ? ORDER BY seq',
      args: [asOf.slice(0, 10)],
    })
  ).rows;
  const latest = new Map<string, ReservePlanRecord>();
  for (const r of rows) {
    const plan: ReservePlanRecord = {
      id: String(r.id),
      seq: Number(r.seq),
      holder: String(r.holder),
      region: String(r.region),
      item: String(r.item),
      target: Number(r.target),
      min: Number(r.min),
      basis: String(r.basis),
      validFrom: String(r.valid_from),
      authority: String(r.authority),
      approvalThreshold: Number(r.approval_threshold),
      rotationDays: Number(r.rotation_days),
      price:
        r.price_currency === null
          ? null
          : { currency: String(r.price_currency), amount: Number(r.price_amount) },
      recordedAt: String(r.recorded_at),
    };
    latest.set(`${plan.holder}|${plan.region}|${plan.item}`, plan);
  }
  return [...latest.values()];
}

export async function reserveStocks(
  sql: Sql,
  catalog: Catalog,
  q: ReserveStockQuery,
): Promise<ReserveStock[]> {
  const plans = (await plansInForce(sql, q.asOf)).filter(
    (p) =>
      (!q.items || q.items.includes(p.item)) &&
      (!q.holder || p.holder === q.holder) &&
      (!q.servingRegion ||
        catalog.isWithin(q.servingRegion, p.region) ||
        catalog.isWithin(p.region, q.servingRegion)),
  );
  if (plans.length === 0) return [];
  const orgs = await organizationsById(sql, [...new Set(plans.map((p) => p.holder))]);
  const out: ReserveStock[] = [];
  for (const plan of plans) {
    const lots = (
      await sql.execute({
        sql: `SELECT lot_code, expires_on, sum(amount) AS n FROM lots
              WHERE holder = ? AND asset = ? AND state = 'held' AND amount > 0
              GROUP BY lot_code, expires_on ORDER BY expires_on IS NULL, expires_on, lot_code`,
        args: [plan.holder, `goods:${plan.item}`],
      })
    ).rows.map((r) => ({ lot: String(r.lot_code), quantity: Number(r.n), expiresOn: str(r.expires_on) }));
    const sent = (
      await sql.execute({
        sql: `SELECT region, sum(coalesce(received_quantity, dispatched_quantity)) AS n FROM dispatch_requests
              WHERE reserve = ? AND item = ? AND dispatch IS NOT NULL GROUP BY region`,
        args: [plan.holder, plan.item],
      })
    ).rows;
    const within = q.servingRegion ?? plan.region;
    const org = orgs.get(plan.holder);
    out.push({
      holder: plan.holder,
      holderName: org ? publicName(org) : null,
      holderKind: org?.kind ?? 'reserve_operator',
      plan,
      stock: lots.reduce((s, l) => s + l.quantity, 0),
      lots,
      dispatchedToRegion: sent
        .filter((r) => catalog.isWithin(String(r.region), within))
        .reduce((s, r) => s + Number(r.n), 0),
    });
  }
  return out.sort(
    (a, b) =>
      a.holder.localeCompare(b.holder) ||
      a.plan.region.localeCompare(b.plan.region) ||
      a.plan.item.localeCompare(b.plan.item),
  );
}
