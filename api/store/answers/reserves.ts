/**
 * The reserves answer (GET /api/v1/reserves, the reserves page): per reserve holder × region ×
 * item, stock against the plan's target and minimum, days of cover at current and at peak use,
 * lots due to rotate out within the plan's window with a suggested destination, and stock that
 * expired in the reserve — a rotation that failed, shown publicly.
 */
import type { Client, Transaction } from '@libsql/client';
import { publicName } from '../../contract/privacy.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { daysInMonth, thirtyDayPeak } from '../../domain/forecast.ts';
import { monthlyDemand } from '../queries/demand-history.ts';
import { latestOccurredAt, organizationsById } from '../queries/signals.ts';
import { demandSeries, descendants, lastCompleteMonth } from './forecasts.ts';
import { reserveStocks } from './reserve-stock.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export const reserveRules = [
  'Stock = goods of the item the reserve holder holds now (in transit excluded). Target and minimum are those of the latest plan in force.',
  'Daily use = monthly demand in the plan’s region (goods used by facilities + needs reported that recorded deliveries did not meet) ÷ days in the month. Current use is the last complete month; peak use is the highest month on record. Days of cover = stock ÷ daily use.',
  'Suggested target (the 30-day peak rule) = 30 × the peak daily use.',
  'Rotation: a lot expiring within the plan’s rotation window is due to rotate out to a facility before it expires; the suggested destination is the facility in the plan’s region that used the most of the item in the last 12 months.',
  'Expired in the reserve: lots still held past their expiry, and stock the holder wrote off as expired — rotations that did not happen in time.',
].join('\n\n');

export interface ReserveRow {
  holder: string;
  holderName: string | null;
  region: string;
  item: string;
  plan: {
    id: string;
    target: number;
    min: number;
    basis: string;
    validFrom: string;
    authority: string;
    approvalThreshold: number;
    rotationDays: number;
    price: { currency: string; amount: number } | null;
  };
  stock: number;
  belowMin: boolean;
  belowTarget: boolean;
  shortOfTarget: number;
  dailyUseCurrent: number;
  dailyUsePeak: number;
  peakMonth: string | null;
  coverDaysCurrent: number | null;
  coverDaysPeak: number | null;
  suggestedTarget: number;
  dispatched: number;
  rotationDue: Array<{
    lot: string;
    quantity: number;
    expiresOn: string;
    daysLeft: number;
    suggestedDestination: { facility: string; name: string | null; used: number } | null;
  }>;
  expiredInReserve: Array<{ lot: string; quantity: number; expiresOn: string | null; writtenOff: boolean }>;
  rotationFailed: boolean;
}

const dayMs = 86_400_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

export async function reserves(
  sql: Sql,
  catalog: Catalog,
  q: { holder?: string; region?: string; item?: string; asOf?: string } = {},
): Promise<{ asOf: string | null; data: ReserveRow[] }> {
  const asOf = q.asOf ?? (await latestOccurredAt(sql)).asOf;
  if (asOf === null) return { asOf: null, data: [] };
  const stocks = await reserveStocks(sql, catalog, {
    asOf,
    holder: q.holder,
    items: q.item ? [q.item] : undefined,
    servingRegion: q.region,
  });
  const until = lastCompleteMonth(asOf);
  const today = asOf.slice(0, 10);
  const out: ReserveRow[] = [];
  for (const s of stocks) {
    const { plan } = s;
    const regions = descendants(catalog, plan.region);
    const history = demandSeries(await monthlyDemand(sql, { regions, item: plan.item, until }), until);
    const last = history.at(-1);
    const dailyUseCurrent = last ? last.demand / daysInMonth(last.month) : 0;
    const peak = thirtyDayPeak(history);
    const rotateBy = new Date(Date.parse(`${today}T00:00:00Z`) + plan.rotationDays * dayMs)
      .toISOString()
      .slice(0, 10);
    const due = s.lots.filter((l) => l.expiresOn !== null && l.expiresOn >= today && l.expiresOn <= rotateBy);
    const destination = due.length ? await topUser(sql, regions, plan.item, asOf) : null;
    const expiredHeld = s.lots
      .filter((l) => l.expiresOn !== null && l.expiresOn < today)
      .map((l) => ({ ...l, writtenOff: false }));
    const writtenOff = (
      await sql.execute({
        sql: `SELECT f.lot_code AS lot, sum(f.amount) AS n FROM flows f
              WHERE f.kind = 'written_off' AND f.reason = 'expired' AND f.to_org = ? AND f.asset = ?
              GROUP BY f.lot_code HAVING sum(f.amount) > 0 ORDER BY f.lot_code`,
        args: [plan.holder, `goods:${plan.item}`],
      })
    ).rows.map((r) => ({ lot: String(r.lot), quantity: Number(r.n), expiresOn: null, writtenOff: true }));
    const expiredInReserve = [...expiredHeld, ...writtenOff];
    out.push({
      holder: s.holder,
      holderName: s.holderName,
      region: plan.region,
      item: plan.item,
      plan: {
        id: plan.id,
        target: plan.target,
        min: plan.min,
        basis: plan.basis,
        validFrom: plan.validFrom,
        authority: plan.authority,
        approvalThreshold: plan.approvalThreshold,
        rotationDays: plan.rotationDays,
        price: plan.price,
      },
      stock: s.stock,
      belowMin: s.stock < plan.min,
      belowTarget: s.stock < plan.target,
      shortOfTarget: Math.max(0, plan.target - s.stock),
      dailyUseCurrent: round1(dailyUseCurrent),
      dailyUsePeak: round1(peak.dailyDemand),
      peakMonth: peak.month,
      coverDaysCurrent: dailyUseCurrent > 0 ? round1(s.stock / dailyUseCurrent) : null,
      coverDaysPeak: peak.dailyDemand > 0 ? round1(s.stock / peak.dailyDemand) : null,
      suggestedTarget: peak.target,
      dispatched: s.dispatchedToRegion,
      rotationDue: due.map((l) => ({
        lot: l.lot,
        quantity: l.quantity,
        expiresOn: l.expiresOn!,
        daysLeft: Math.round(
          (Date.parse(`${l.expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs,
        ),
        suggestedDestination: destination,
      })),
      expiredInReserve,
      rotationFailed: expiredInReserve.length > 0,
    });
  }
  return { asOf, data: out };
}

/** The facility in the regions that used the most of the item in the 12 months to `asOf`. */
async function topUser(sql: Sql, regions: string[], item: string, asOf: string) {
  const since = new Date(Date.parse(asOf) - 365 * dayMs).toISOString();
  const rows = (
    await sql.execute({
      sql: `SELECT f.to_org AS facility, sum(f.amount) AS n FROM flows f JOIN events e ON e.seq = f.seq
            JOIN organizations o ON o.id = f.to_org
            WHERE f.kind = 'used' AND f.asset = ? AND julianday(e.occurred_at) > julianday(?)
              AND julianday(e.occurred_at) <= julianday(?)
              AND o.region IN (${regions.map(() => '?').join(',')})
            GROUP BY f.to_org HAVING sum(f.amount) > 0 ORDER BY n DESC, f.to_org LIMIT 1`,
      args: [`goods:${item}`, since, asOf, ...regions],
    })
  ).rows[0];
  if (!rows) return null;
  const org = (await organizationsById(sql, [String(rows.facility)])).get(String(rows.facility));
  return { facility: String(rows.facility), name: org ? publicName(org) : null, used: Number(rows.n) };
}
