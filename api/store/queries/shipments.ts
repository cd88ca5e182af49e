/** A shipment of goods as the importer and the label need it: who sent it, to whom, what. */
import type { Db } from '../database.ts';
import { readStanding } from '../event-body.ts';

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
  const row = await readStanding(db, id);
  if (!row || (row.body.type !== 'transfer' && row.body.type !== 'return')) return null;
  const body = row.body;
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
