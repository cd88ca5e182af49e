/**
 * The private part of one event (what its public leaf withholds), read only where the privacy
 * rules allow it to be shown: to a donor presenting the gift's receipt code, and to an auditor
 * holding the database.
 */
import { sql } from 'drizzle-orm';
import type { PrivatePart, Withheld } from '../../contract/privacy.ts';
import type { Db } from '../database.ts';

export async function privatePartOf(db: Pick<Db, 'all'>, seq: number): Promise<PrivatePart | null> {
  const [row] = await db.all<{ salt: string; withheld: string }>(
    sql`SELECT salt, withheld FROM event_private WHERE seq = ${seq}`,
  );
  return row ? { salt: row.salt, withheld: JSON.parse(row.withheld) as Withheld } : null;
}
