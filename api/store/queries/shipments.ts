/** A shipment of goods as the importer and the label need it: who sent it, to whom, what. */
import { eq } from 'drizzle-orm';
import type { Of } from '../../domain/events.ts';
import type { Db } from '../database.ts';
import { eventState } from '../schema.ts';

export interface ShipmentGoods {
  id: string;
  sender: string;
  receiver: string;
  item: string;
  quantity: number;
  lot: string | null;
  expiresOn: string | null;
  occurredAt: string;
  status: string;
}

/** The transfer or return of goods with this event id, or null. */
export async function shipmentGoods(db: Pick<Db, 'select'>, id: string): Promise<ShipmentGoods | null> {
  const [row] = await db.select().from(eventState).where(eq(eventState.id, id)).limit(1);
  if (!row || (row.type !== 'transfer' && row.type !== 'return')) return null;
  const body = JSON.parse(row.body) as Of<'transfer'> | Of<'return'>;
  if (!body.goods) return null;
  return {
    id,
    sender: row.recordedBy,
    receiver: body.to,
    item: body.goods.item,
    quantity: body.goods.quantity,
    lot: body.goods.lot ?? null,
    expiresOn: body.goods.expiresOn ?? null,
    occurredAt: body.occurredAt,
    status: row.status,
  };
}
