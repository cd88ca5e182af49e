/** The shipments of goods a gift travelled in: transfers and returns that carried part of it. */
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { eventId } from '../../domain/events.ts';
import type { Db } from '../database.ts';
import { flows } from '../schema.ts';

export async function giftShipments(db: Pick<Db, 'select'>, donationKey: string): Promise<string[]> {
  const rows = await db
    .select({ seq: flows.seq })
    .from(flows)
    .where(
      and(
        eq(flows.donation, donationKey),
        inArray(flows.kind, ['transferred', 'returned']),
        like(flows.asset, 'goods:%'),
      ),
    )
    .groupBy(flows.seq)
    // A shipment a correction undid nets to zero and is left out.
    .having(sql`sum(${flows.amount}) <> 0`)
    .orderBy(asc(flows.seq));
  return rows.map((r) => eventId(r.seq));
}
