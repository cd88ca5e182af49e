/**
 * Catalogue names the site needs at build time, read from the catalogue tables `init` fills:
 * every disease and item, and the regions the ledger's organizations sit in with all their
 * ancestors (so any of them can be named and rolled up to its province).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';

type Read = Pick<Db, 'all'>;

export interface RegionName {
  code: string;
  level: string;
  parent: string | null;
  nameZh: string;
  nameEn: string;
  population: number | null;
}

export interface NamedCode {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface ItemName extends NamedCode {
  category: string;
  unit: string;
}

export async function regionsInUse(db: Read): Promise<RegionName[]> {
  return db.all<RegionName>(sql`
    WITH RECURSIVE used(code) AS (
      SELECT region FROM organizations
      UNION SELECT r.parent FROM regions r JOIN used u ON r.code = u.code WHERE r.parent IS NOT NULL
    )
    SELECT r.code AS code, r.level AS level, r.parent AS parent, r.name_zh AS nameZh, r.name_en AS nameEn, r.population AS population
    FROM regions r JOIN used u ON u.code = r.code ORDER BY r.code`);
}

export async function diseaseNames(db: Read): Promise<NamedCode[]> {
  return db.all<NamedCode>(
    sql`SELECT code, name_zh AS nameZh, name_en AS nameEn FROM diseases ORDER BY code`,
  );
}

export async function itemNames(db: Read): Promise<ItemName[]> {
  return db.all<ItemName>(
    sql`SELECT id AS code, name_zh AS nameZh, name_en AS nameEn, category, unit FROM items ORDER BY id`,
  );
}

/** Whether the database has been initialised: an empty or new file has no ledger tables. */
export async function hasLedger(db: Read): Promise<boolean> {
  const rows = await db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'donations', 'flows', 'regions')`,
  );
  return (rows[0]?.n ?? 0) === 4;
}
