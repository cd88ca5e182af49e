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
