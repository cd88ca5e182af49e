/**
 * Organizations as the public site shows them: what reached each one and from whom, what it
 * passed on and to whom, what it used, wrote off or lost, and what it holds. Amounts are in
 * the units of the gifts they carry (`asset` is what the gifts were), so money stays money in
 * these sums even after it has bought goods; goods gifts are counted in their item's unit.
 *
 * Organizations marked anonymous are never listed, and never appear as a counterpart: their
 * gifts show as coming from an anonymous donor, like gifts recorded with `anonymous: true`.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';

type Read = Pick<Db, 'all'>;

export interface OrganizationRow {
  id: string;
  name: string;
  /** The English name it was registered with; null when none was given. */
  nameEn: string | null;
  kind: string;
  region: string;
}

export interface OrganizationMoney {
  id: string;
  asset: string;
  /** Gifts given by this organization as a donor. */
  given: number;
  /** Gifts received directly from donors. */
  donated: number;
  /** Arrived from other organizations and acknowledged by a receipt (shipped here, less in transit and lost). */
  received: number;
  passedOn: number;
  used: number;
  writtenOff: number;
  lost: number;
  held: number;
  inTransit: number;
}

export async function publicOrganizations(db: Read): Promise<OrganizationRow[]> {
  return db.all<OrganizationRow>(
    sql`SELECT id, name, name_en AS nameEn, kind, region FROM organizations WHERE anonymous = 0 ORDER BY id`,
  );
}

/** Per organization and gift asset: everything in and out, in the gifts' units. */
export async function organizationMoney(db: Read, id?: string): Promise<OrganizationMoney[]> {
  const only = (col: string) => (id === undefined ? sql`` : sql` AND ${sql.raw(col)} = ${id}`);
  const [flowRows, heldRows, givenRows] = await Promise.all([
    db.all<{ org: string; asset: string; kind: string; side: string; amount: number }>(sql`
      SELECT f.to_org AS org, d.asset AS asset, f.kind AS kind, 'to' AS side, sum(f.amount) AS amount
      FROM flows f JOIN donations d ON d.key = f.donation
      WHERE f.kind IN ('donated', 'transferred', 'returned', 'used', 'written_off', 'lost')${only('f.to_org')}
      GROUP BY 1, 2, 3
      UNION ALL
      SELECT f.from_org, d.asset, f.kind, 'from', sum(f.amount)
      FROM flows f JOIN donations d ON d.key = f.donation
      WHERE f.kind IN ('transferred', 'returned')${only('f.from_org')}
      GROUP BY 1, 2, 3`),
    db.all<{ org: string; asset: string; state: string; amount: number }>(sql`
      SELECT l.holder AS org, d.asset AS asset, l.state AS state, sum(s.amount) AS amount
      FROM lot_shares s JOIN lots l ON l.id = s.lot JOIN donations d ON d.key = s.donation
      WHERE s.amount <> 0${only('l.holder')}
      GROUP BY 1, 2, 3`),
    db.all<{ org: string; asset: string; amount: number }>(sql`
      SELECT donor AS org, asset, sum(amount) AS amount FROM donations
      WHERE kind = 'donation' AND status = 'active' AND donor IS NOT NULL AND anonymous = 0${only('donor')}
      GROUP BY 1, 2`),
  ]);
  const rows = new Map<string, OrganizationMoney>();
  const row = (org: string, asset: string) => {
    const key = `${org}\u0000${asset}`;
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = {
          id: org,
          asset,
          given: 0,
          donated: 0,
          received: 0,
          passedOn: 0,
          used: 0,
          writtenOff: 0,
          lost: 0,
          held: 0,
          inTransit: 0,
        }),
      );
    return r;
  };
  // Shipments to an organization count as received once acknowledged: what was shipped to
  // it, less what is still on its way and what was found missing on arrival.
  const shippedIn = new Map<OrganizationMoney, number>();
  for (const f of flowRows) {
    const r = row(f.org, f.asset);
    if (f.side === 'from') r.passedOn += f.amount;
    else if (f.kind === 'donated') r.donated += f.amount;
    else if (f.kind === 'used') r.used += f.amount;
    else if (f.kind === 'written_off') r.writtenOff += f.amount;
    else if (f.kind === 'lost') r.lost += f.amount;
    else shippedIn.set(r, (shippedIn.get(r) ?? 0) + f.amount);
  }
  for (const h of heldRows) {
    if (h.state === 'held') row(h.org, h.asset).held += h.amount;
    else row(h.org, h.asset).inTransit += h.amount;
  }
  for (const [r, shipped] of shippedIn) r.received = shipped - r.inTransit - r.lost;
  for (const g of givenRows) row(g.org, g.asset).given += g.amount;
  return [...rows.values()].sort((a, b) => a.id.localeCompare(b.id) || a.asset.localeCompare(b.asset));
}

export interface CounterpartFlow {
  /** The organization the row is about. */
  org: string;
  direction: 'in' | 'out';
  /** The other organization; null for anonymous donors. */
  counterpart: string | null;
  /** donated, transferred or returned: shipments to it count from when they are sent, in transit included. */
  kind: string;
  asset: string;
  amount: number;
}

/**
 * What reached each organization from whom, and what it sent to whom; one organization's
 * rows when `id` is given. Reading every organization at once costs one pass over the flows,
 * which is what a site build wants.
 */
export async function organizationCounterparts(db: Read, id?: string): Promise<CounterpartFlow[]> {
  const only = (col: string) => (id === undefined ? sql`` : sql` AND ${sql.raw(col)} = ${id}`);
  return db.all<CounterpartFlow>(sql`
    SELECT f.to_org AS org, 'in' AS direction,
      CASE WHEN f.kind = 'donated' AND (d.anonymous = 1 OR donor.anonymous = 1) THEN NULL ELSE f.from_org END AS counterpart,
      f.kind AS kind, d.asset AS asset, sum(f.amount) AS amount
    FROM flows f JOIN donations d ON d.key = f.donation LEFT JOIN organizations donor ON donor.id = d.donor
    WHERE f.kind IN ('donated', 'transferred', 'returned')${only('f.to_org')}
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.amount) <> 0
    UNION ALL
    SELECT f.from_org, 'out', f.to_org, f.kind, d.asset, sum(f.amount)
    FROM flows f JOIN donations d ON d.key = f.donation
    WHERE f.kind IN ('transferred', 'returned')${only('f.from_org')}
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.amount) <> 0
    ORDER BY 1, 2, 6 DESC`);
}

export interface UseByDisease {
  org: string;
  disease: string | null;
  asset: string;
  amount: number;
}

/**
 * What each organization (or the one `id`) used, by disease, in the gifts' units. `+f.kind` keeps
 * the uses index out: reading every use, the table in order beats a lookup per use.
 */
export async function organizationUses(db: Read, id?: string): Promise<UseByDisease[]> {
  const only = id === undefined ? sql`` : sql` AND f.to_org = ${id}`;
  return db.all<UseByDisease>(sql`
    SELECT f.to_org AS org, f.disease AS disease, d.asset AS asset, sum(f.amount) AS amount
    FROM flows f JOIN donations d ON d.key = f.donation
    WHERE +f.kind = 'used'${only}
    GROUP BY 1, 2, 3 HAVING sum(f.amount) <> 0 ORDER BY 1, 4 DESC`);
}
