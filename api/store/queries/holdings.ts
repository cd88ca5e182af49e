/** What an organization holds now, by asset and lot, and what is on its way to it. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { lots, organizations } from '../schema.ts';

type Read = Pick<Db, 'select'>;

export interface Holding {
  asset: string;
  lotCode: string;
  expiresOn: string | null;
  state: 'held' | 'in_transit';
  amount: number;
  restricted: boolean;
  /**
   * The units carry no gift's share: stock stated by an opening balance, or what it was moved
   * or bought into. Such units read "provenance unknown"; they are never a gift's.
   */
  provenanceUnknown: boolean;
}

export async function organizationById(db: Read, id: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return org ?? null;
}

export async function holdingsOf(db: Read, holder: string): Promise<Holding[]> {
  // Restricted and unrestricted units of one lot are different holdings: group by the flag itself.
  const restricted = sql<number>`(${lots.restrictionRegion} is not null or ${lots.restrictionDisease} is not null or ${lots.restrictionAppeal} is not null)`;
  const unknown = sql<number>`not exists (select 1 from lot_shares s where s.lot = ${lots.id} and s.amount <> 0)`;
  const rows = await db
    .select({
      asset: lots.asset,
      lotCode: lots.lotCode,
      expiresOn: lots.expiresOn,
      state: lots.state,
      restricted,
      provenanceUnknown: unknown,
      amount: sql<number>`sum(${lots.amount})`,
    })
    .from(lots)
    .where(and(eq(lots.holder, holder), sql`${lots.amount} > 0`))
    .groupBy(lots.asset, lots.lotCode, lots.expiresOn, lots.state, restricted, unknown)
    .orderBy(
      asc(lots.state),
      asc(lots.asset),
      sql`${lots.expiresOn} is null`,
      asc(lots.expiresOn),
      asc(lots.lotCode),
      asc(restricted),
      asc(unknown),
    ); // soonest expiry first, unrestricted before restricted, gifts before provenance unknown
  return rows.map((r) => ({
    ...r,
    state: r.state as Holding['state'],
    restricted: !!r.restricted,
    provenanceUnknown: !!r.provenanceUnknown,
  }));
}
