/**
 * The regions the site's maps can draw: every province, every prefecture, and the counties a
 * province administers directly (a municipality's districts, Hubei's Xiantao), which its map
 * shows beside its prefectures. Counties under a prefecture are not drawn, so not read.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import type { RegionName } from './site-catalog.ts';

export async function mappableRegions(db: Pick<Db, 'all'>): Promise<RegionName[]> {
  return db.all<RegionName>(sql`
    SELECT r.code AS code, r.level AS level, r.parent AS parent, r.name_zh AS nameZh, r.name_en AS nameEn, r.population AS population
    FROM regions r LEFT JOIN regions p ON p.code = r.parent
    WHERE r.level IN ('province', 'prefecture') OR p.level = 'province'
    ORDER BY r.code`);
}

/** Held or in transit at one public organization's region, per asset (in that asset's unit). */
export interface RegionHolding {
  region: string;
  asset: string;
  held: number;
  inTransit: number;
  holders: number;
}

/** Gifts used at one region's public organizations, per gift asset (in the gift's own unit). */
export interface RegionUse {
  region: string;
  asset: string;
  used: number;
  users: number;
}

/**
 * What public organizations hold now, by the region they sit in and asset: money in minor
 * units, goods in each item's unit (never added across items). Organizations registered
 * anonymous are left out: their region is not public.
 */
export async function holdingsByRegion(db: Pick<Db, 'all'>): Promise<RegionHolding[]> {
  return db.all<RegionHolding>(sql`
    SELECT o.region AS region, l.asset AS asset,
      sum(CASE WHEN l.state = 'held' THEN l.amount ELSE 0 END) AS held,
      sum(CASE WHEN l.state = 'in_transit' THEN l.amount ELSE 0 END) AS inTransit,
      count(DISTINCT l.holder) AS holders
    FROM lots l JOIN organizations o ON o.id = l.holder
    WHERE l.amount > 0 AND o.anonymous = 0
    GROUP BY o.region, l.asset
    ORDER BY o.region, l.asset`);
}

/**
 * What gifts paid for or supplied at public organizations, by their region and the gifts'
 * asset (a money gift spent through purchases is counted in money), net of corrections.
 * `+f.kind` keeps the uses index out: reading every use, the table in order beats a lookup per use.
 */
export async function usesByRegion(db: Pick<Db, 'all'>): Promise<RegionUse[]> {
  return db.all<RegionUse>(sql`
    SELECT o.region AS region, d.asset AS asset, sum(f.amount) AS used, count(DISTINCT f.to_org) AS users
    FROM flows f JOIN donations d ON d.key = f.donation JOIN organizations o ON o.id = f.to_org
    WHERE +f.kind = 'used' AND o.anonymous = 0
    GROUP BY o.region, d.asset
    HAVING sum(f.amount) <> 0
    ORDER BY o.region, d.asset`);
}
