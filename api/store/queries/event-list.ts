/** The public log as a list: events in seq order, optionally of one type or one recorder. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { PublicLeaf } from '../../contract/privacy.ts';
import type { Db } from '../database.ts';
import { events } from '../schema.ts';

export interface EventFilter {
  type?: string;
  recordedBy?: string;
}

/**
 * Up to `limit` events after seq `after`, each as its public leaf records it. Filtering by an
 * organization registered anonymous finds nothing, as if it were unknown: its leaves show it
 * only by kind, and a filter must not link them.
 */
export async function listEvents(db: Pick<Db, 'select'>, f: EventFilter, after: number, limit: number) {
  const rows = await db
    .select()
    .from(events)
    .where(
      and(
        gt(events.seq, after),
        f.type ? eq(events.type, f.type) : undefined,
        f.recordedBy ? eq(events.recordedBy, f.recordedBy) : undefined,
        f.recordedBy
          ? sql`${events.recordedBy} NOT IN (SELECT id FROM organizations WHERE anonymous = 1)`
          : undefined,
      ),
    )
    .orderBy(asc(events.seq))
    .limit(limit);
  return rows.map((r) => {
    const leaf = JSON.parse(r.leaf) as PublicLeaf;
    return {
      id: r.id,
      seq: r.seq,
      type: r.type,
      recordedBy: leaf.recordedBy,
      recordedAt: r.recordedAt,
      occurredAt: r.occurredAt,
      event: leaf.event,
      ...(leaf.private === undefined ? {} : { private: leaf.private }),
    };
  });
}
