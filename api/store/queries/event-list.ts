/** The public log as a list: events in seq order, optionally of one type or one recorder. */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { events } from '../schema.ts';

export interface EventFilter {
  type?: string;
  recordedBy?: string;
}

/** Up to `limit` events after seq `after`, each with the event as its leaf records it. */
export async function listEvents(db: Pick<Db, 'select'>, f: EventFilter, after: number, limit: number) {
  const rows = await db
    .select()
    .from(events)
    .where(
      and(
        gt(events.seq, after),
        f.type ? eq(events.type, f.type) : undefined,
        f.recordedBy ? eq(events.recordedBy, f.recordedBy) : undefined,
      ),
    )
    .orderBy(asc(events.seq))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    type: r.type,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
    occurredAt: r.occurredAt,
    event: JSON.parse(r.leaf).event as Record<string, unknown>,
  }));
}
