/**
 * Needs of every facility with the times that judge how quickly they were answered (report,
 * first delivery, fully met), read once per site build and grouped by facility. Withdrawn needs
 * are left out, as in the outcomes the API publishes (api/store/queries/outcomes.ts).
 */
import { sql } from 'drizzle-orm';
import type { Urgency } from '../../domain/needs.ts';
import type { NeedTiming } from '../../domain/outcomes.ts';
import type { Db } from '../database.ts';

export interface FacilityNeedTiming extends NeedTiming {
  facility: string;
}

export async function facilityNeedTimings(db: Pick<Db, 'all'>): Promise<FacilityNeedTiming[]> {
  const rows = await db.all<{
    facility: string;
    urgency: string;
    reportedAt: string;
    firstDeliveryAt: string | null;
    metAt: string | null;
  }>(sql`
    SELECT facility, urgency, reported_at AS reportedAt, first_delivery_at AS firstDeliveryAt, met_at AS metAt
    FROM needs WHERE status <> 'withdrawn' ORDER BY facility, seq`);
  return rows.map((r) => ({ ...r, urgency: r.urgency as Urgency }));
}
