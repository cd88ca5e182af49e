/**
 * What the importer reads from the ledger's tables: the organizations it matches names
 * against, and the events earlier imports (or API writes) recorded under idempotency keys, so
 * that lines can refer to them by key instead of by a sequence number that other writers move.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from './database.ts';
import { idempotencyKeys, organizationAliases, organizations } from './schema.ts';

export interface RegisteredOrganization {
  id: string;
  name: string;
  kind: string;
  region: string;
  nameEn: string | null;
  aliases: string[];
}

export async function organizationRegistry(db: Db): Promise<RegisteredOrganization[]> {
  const rows = await db.select().from(organizations);
  const aliases = new Map<string, string[]>();
  for (const a of await db.select().from(organizationAliases))
    aliases.set(a.organization, [...(aliases.get(a.organization) ?? []), a.alias]);
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    nameEn: o.nameEn,
    kind: o.kind,
    region: o.region,
    aliases: aliases.get(o.id) ?? [],
  }));
}

/** Adds names an organization is also known by; names it already has are kept once. */
export async function addAliases(db: Db, organization: string, aliases: readonly string[]): Promise<void> {
  if (!aliases.length) return;
  await db
    .insert(organizationAliases)
    .values(aliases.map((alias) => ({ organization, alias })))
    .onConflictDoNothing();
}

/** Key → the organizations that used it and the event id each got. */
export async function eventsByKey(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, Array<{ organization: string; id: string }>>> {
  const out = new Map<string, Array<{ organization: string; id: string }>>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .select()
      .from(idempotencyKeys)
      .where(inArray(idempotencyKeys.key, keys.slice(i, i + 500) as string[]));
    for (const r of rows)
      out.set(r.key, [
        ...(out.get(r.key) ?? []),
        { organization: r.organization, id: (JSON.parse(r.answer) as { id: string }).id },
      ]);
  }
  return out;
}
