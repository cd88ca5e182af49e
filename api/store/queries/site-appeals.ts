/**
 * Appeals as the public site shows them: each appeal, what donors gave toward it (gifts whose
 * restriction names it; pledges apart, never counted as given), how much of that has been
 * used, and the needs reported under it with what was delivered against them.
 */
import { sql } from 'drizzle-orm';
import type { AppealRecord } from '../../domain/ledger-state.ts';
import type { Db } from '../database.ts';

type Read = Pick<Db, 'all'>;

export type AppealRow = Omit<AppealRecord, 'seq'>;

export interface AppealGiving {
  appeal: string;
  asset: string;
  gifts: number;
  /** Received, in the asset's units (minor units for money). */
  given: number;
  /** Reported used for care, in the gifts' units. */
  used: number;
  pledges: number;
  pledged: number;
}

export interface AppealNeed {
  appeal: string;
  id: string;
  item: string | null;
  category: string;
  quantity: number;
  delivered: number;
  status: string;
  urgency: string;
  reportedAt: string;
  metAt: string | null;
}

export async function appealList(db: Read): Promise<AppealRow[]> {
  return db.all<AppealRow>(sql`
    SELECT id, title_zh AS titleZh, title_en AS titleEn, region, disease, opened_by AS openedBy, opened_at AS openedAt, status
    FROM appeals ORDER BY seq`);
}

export async function appealGiving(db: Read): Promise<AppealGiving[]> {
  const [given, used] = await Promise.all([
    db.all<{ appeal: string; asset: string; kind: string; n: number; amount: number }>(sql`
      SELECT restriction_appeal AS appeal, asset, kind, count(*) AS n, sum(amount) AS amount
      FROM donations WHERE restriction_appeal IS NOT NULL AND status = 'active'
      GROUP BY 1, 2, 3`),
    // `+f.kind` keeps the uses index out: reading every use, the table in order beats a lookup per use.
    db.all<{ appeal: string; asset: string; amount: number }>(sql`
      SELECT d.restriction_appeal AS appeal, d.asset AS asset, sum(f.amount) AS amount
      FROM flows f JOIN donations d ON d.key = f.donation
      WHERE +f.kind = 'used' AND d.restriction_appeal IS NOT NULL
      GROUP BY 1, 2`),
  ]);
  const rows = new Map<string, AppealGiving>();
  const row = (appeal: string, asset: string) => {
    const key = `${appeal}\u0000${asset}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { appeal, asset, gifts: 0, given: 0, used: 0, pledges: 0, pledged: 0 }));
    return r;
  };
  for (const g of given) {
    const r = row(g.appeal, g.asset);
    if (g.kind === 'pledge') (r.pledges += g.n), (r.pledged += g.amount);
    else (r.gifts += g.n), (r.given += g.amount);
  }
  for (const u of used) row(u.appeal, u.asset).used += u.amount;
  return [...rows.values()].sort(
    (a, b) => a.appeal.localeCompare(b.appeal) || a.asset.localeCompare(b.asset),
  );
}

export async function appealNeeds(db: Read): Promise<AppealNeed[]> {
  return db.all<AppealNeed>(sql`
    SELECT appeal, id, item, category, quantity, delivered, status, urgency, reported_at AS reportedAt, met_at AS metAt
    FROM needs WHERE appeal IS NOT NULL ORDER BY appeal, seq`);
}
