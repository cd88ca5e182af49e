/**
 * The needs board: needs filtered and ordered by priority, then age, then log order. A
 * facility (or third-party reporter) registered anonymous is shown by neither id nor name, only
 * by its kind; filtering by its id finds nothing, as for an unknown id.
 */
import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { anonymousParty } from '../../contract/privacy.ts';
import type { Db } from '../database.ts';
import { needs, organizations } from '../schema.ts';

export interface NeedFilter {
  status?: string;
  priority?: number;
  regions?: string[];
  disease?: string;
  item?: string;
  appeal?: string;
  facility?: string;
}

export type NeedCursor = [priority: number, reportedAtMs: number, seq: number];

export async function listNeeds(
  db: Pick<Db, 'select'>,
  f: NeedFilter,
  after: NeedCursor | null,
  limit: number,
) {
  const where: Array<SQL | undefined> = [
    f.status ? eq(needs.status, f.status) : undefined,
    f.priority ? eq(needs.priority, f.priority) : undefined,
    f.regions ? inArray(needs.region, f.regions) : undefined,
    f.disease ? eq(needs.disease, f.disease) : undefined,
    f.item ? eq(needs.item, f.item) : undefined,
    f.appeal ? eq(needs.appeal, f.appeal) : undefined,
    f.facility ? eq(needs.facility, f.facility) : undefined,
    f.facility ? sql`${needs.facility} NOT IN (SELECT id FROM organizations WHERE anonymous = 1)` : undefined,
  ];
  if (after) {
    const [p, t, s] = after;
    where.push(
      or(
        gt(needs.priority, p),
        and(eq(needs.priority, p), gt(needs.reportedAtMs, t)),
        and(eq(needs.priority, p), eq(needs.reportedAtMs, t), gt(needs.seq, s)),
      ),
    );
  }
  const rows = await db
    .select({
      need: needs,
      facilityName: organizations.name,
      facilityKind: organizations.kind,
      facilityAnonymous: organizations.anonymous,
      reporterAnonymous: sql<number>`${needs.reportedBy} IN (SELECT id FROM organizations WHERE anonymous = 1)`,
    })
    .from(needs)
    .leftJoin(organizations, eq(organizations.id, needs.facility))
    .where(and(...where))
    .orderBy(asc(needs.priority), asc(needs.reportedAtMs), asc(needs.seq))
    .limit(limit);
  return rows.map(({ need, facilityName, facilityKind, facilityAnonymous, reporterAnonymous }) => ({
    need: {
      ...need,
      facility: facilityAnonymous ? null : need.facility,
      recordedBy: facilityAnonymous || Number(reporterAnonymous) === 1 ? null : need.recordedBy,
      reportedBy: Number(reporterAnonymous) === 1 ? null : need.reportedBy,
    },
    facilityName: facilityAnonymous ? null : facilityName,
    /** The facility as the public sees one registered anonymous: only its kind. */
    anonymousFacility: facilityAnonymous ? anonymousParty(facilityKind ?? 'health_centre') : null,
  }));
}
