/**
 * Where given units are now, traced back to who gave them: one row per (donor kind, first
 * recipient, present holder, state, disease) with the amount of the gifts' units in it. The
 * rows are the fate parts of every gift of one asset, summed; so for every gift, and for any
 * grouping of these rows, the parts add up to what was given. The overview's Sankey diagram
 * groups them into columns (donor kinds → first recipients → regions → uses).
 *
 * An anonymous donor contributes only its kind; named donors are not part of this read at all.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';

type Read = Pick<Db, 'all'>;

export interface FlowPathRow {
  donorKind: string;
  recipient: string;
  holder: string;
  holderRegion: string;
  /** used, held, in_transit, written_off or lost. */
  state: string;
  disease: string | null;
  amount: number;
}

export async function flowPaths(db: Read, asset: string): Promise<FlowPathRow[]> {
  return db.all<FlowPathRow>(sql`
    WITH parts AS (
      SELECT s.donation AS donation, l.holder AS holder, l.state AS state, NULL AS disease, s.amount AS amount
      FROM lot_shares s JOIN lots l ON l.id = s.lot WHERE s.amount <> 0
      UNION ALL
      SELECT f.donation, f.to_org, f.kind, f.disease, f.amount
      FROM flows f WHERE f.kind IN ('used', 'written_off', 'lost')
    )
    SELECT coalesce(donor.kind, d.donor_kind) AS donorKind, d.recipient AS recipient, p.holder AS holder,
      holder.region AS holderRegion, p.state AS state, p.disease AS disease, sum(p.amount) AS amount
    FROM parts p
    JOIN donations d ON d.key = p.donation
    LEFT JOIN organizations donor ON donor.id = d.donor
    JOIN organizations holder ON holder.id = p.holder
    WHERE d.kind = 'donation' AND d.status = 'active' AND d.asset = ${asset}
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(p.amount) <> 0
    ORDER BY 1, 2, 3, 5, 6`);
}

/** The asset with the most given units among money gifts: the one the overview charts. */
export async function mainMoneyAsset(db: Read): Promise<string | null> {
  const [row] = await db.all<{ asset: string }>(sql`
    SELECT asset FROM donations WHERE kind = 'donation' AND status = 'active' AND asset LIKE 'money:%'
    GROUP BY asset ORDER BY sum(amount) DESC LIMIT 1`);
  return row?.asset ?? null;
}
