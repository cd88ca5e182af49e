/**
 * The public site's headline numbers: for every kind of gift (money in each currency, goods
 * of each item), how much was given and where it all is now. Amounts are in the gift's own
 * units, so a yuan given stays a yuan however often it is passed on or whatever it buys; the
 * states a gift's units can be in (used, held, in transit, written off, lost) add up to what
 * was given, for every asset, exactly as they do for each gift's fate.
 *
 * "Passed on" is not one of those states: it is how much of the given units has left the
 * organization that first received them (net of returns to it), wherever it went next.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';

type Read = Pick<Db, 'all'>;

export interface AssetTotals {
  /** `money:CNY` or `goods:<item>`: what the gifts were. */
  asset: string;
  gifts: number;
  donated: number;
  passedOn: number;
  used: number;
  held: number;
  inTransit: number;
  writtenOff: number;
  lost: number;
}

export interface PledgeTotals {
  asset: string;
  pledges: number;
  amount: number;
}

export interface OverviewTotals {
  assets: AssetTotals[];
  pledges: PledgeTotals[];
  /** Distinct named donors plus anonymous gifts (each anonymous gift counts as one giver). */
  donors: number;
  /** Public organizations: exactly those the organizations page lists (publicOrganizations). */
  organizations: number;
  events: number;
}

const zero = (asset: string): AssetTotals => ({
  asset,
  gifts: 0,
  donated: 0,
  passedOn: 0,
  used: 0,
  held: 0,
  inTransit: 0,
  writtenOff: 0,
  lost: 0,
});

export async function overviewTotals(db: Read): Promise<OverviewTotals> {
  const [given, ended, now, passed, pledged, counts] = await Promise.all([
    db.all<{ asset: string; gifts: number; amount: number }>(sql`
      SELECT asset, count(*) AS gifts, sum(amount) AS amount FROM donations
      WHERE kind = 'donation' AND status = 'active' GROUP BY asset`),
    db.all<{ asset: string; kind: string; amount: number }>(sql`
      SELECT d.asset AS asset, f.kind AS kind, sum(f.amount) AS amount
      FROM flows f JOIN donations d ON d.key = f.donation
      WHERE f.kind IN ('used', 'written_off', 'lost') GROUP BY d.asset, f.kind`),
    db.all<{ asset: string; state: string; amount: number }>(sql`
      SELECT d.asset AS asset, l.state AS state, sum(s.amount) AS amount
      FROM lot_shares s JOIN lots l ON l.id = s.lot JOIN donations d ON d.key = s.donation
      GROUP BY d.asset, l.state`),
    db.all<{ asset: string; amount: number }>(sql`
      SELECT d.asset AS asset,
        sum(CASE WHEN f.kind = 'transferred' AND f.from_org = d.recipient THEN f.amount
                 WHEN f.kind = 'returned' AND f.to_org = d.recipient THEN -f.amount ELSE 0 END) AS amount
      FROM flows f JOIN donations d ON d.key = f.donation
      WHERE f.kind IN ('transferred', 'returned') GROUP BY d.asset`),
    db.all<{ asset: string; pledges: number; amount: number }>(sql`
      SELECT asset, count(*) AS pledges, sum(amount) AS amount FROM donations
      WHERE kind = 'pledge' AND status = 'active' GROUP BY asset ORDER BY asset`),
    db.all<{ donors: number; organizations: number; events: number }>(sql`
      SELECT
        (SELECT count(DISTINCT donor) FROM donations WHERE kind = 'donation' AND status = 'active' AND donor IS NOT NULL AND anonymous = 0)
          + (SELECT count(*) FROM donations WHERE kind = 'donation' AND status = 'active' AND (donor IS NULL OR anonymous = 1)) AS donors,
        (SELECT count(*) FROM organizations WHERE anonymous = 0) AS organizations,
        (SELECT coalesce(max(seq), 0) FROM events) AS events`),
  ]);
  const byAsset = new Map<string, AssetTotals>();
  const row = (asset: string) => byAsset.get(asset) ?? byAsset.set(asset, zero(asset)).get(asset)!;
  for (const g of given) Object.assign(row(g.asset), { gifts: g.gifts, donated: g.amount });
  for (const e of ended) {
    const r = row(e.asset);
    if (e.kind === 'used') r.used += e.amount;
    else if (e.kind === 'written_off') r.writtenOff += e.amount;
    else r.lost += e.amount;
  }
  for (const n of now) {
    if (n.state === 'held') row(n.asset).held += n.amount;
    else row(n.asset).inTransit += n.amount;
  }
  for (const p of passed) row(p.asset).passedOn += p.amount;
  const assets = [...byAsset.values()].sort((a, b) => assetOrder(a.asset, b.asset) || b.donated - a.donated);
  return { assets, pledges: pledged, ...(counts[0] ?? { donors: 0, organizations: 0, events: 0 }) };
}

/** Money before goods, then by name. */
export const assetOrder = (a: string, b: string) =>
  Number(b.startsWith('money:')) - Number(a.startsWith('money:')) || a.localeCompare(b);
