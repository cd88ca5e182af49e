/** Organizations as a public list: in id order, never those registered anonymous. */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { organizations } from '../schema.ts';

export interface OrganizationFilter {
  kind?: string;
  region?: string;
}

export async function listOrganizations(
  db: Pick<Db, 'select'>,
  f: OrganizationFilter,
  after: string,
  limit: number,
) {
  return db
    .select()
    .from(organizations)
    .where(
      and(
        gt(organizations.id, after),
        eq(organizations.anonymous, false),
        f.kind ? eq(organizations.kind, f.kind) : undefined,
        f.region ? eq(organizations.region, f.region) : undefined,
      ),
    )
    .orderBy(asc(organizations.id))
    .limit(limit);
}
