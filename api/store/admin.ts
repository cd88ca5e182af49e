/**
 * Administration: organizations and their API tokens. These are not ledger events; the
 * administrator runs them through the CLI. A token is returned once and only its SHA-256 kept.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { EventId, OrganizationKind } from '../domain/events.ts';
import { portalRecorders } from '../domain/complaints.ts';
import { Problem, invalid, unknownReference } from '../domain/problems.ts';
import type { Db } from './database.ts';
import { apiTokens, organizations } from './schema.ts';

export interface NewOrganization {
  id?: string;
  name: string;
  kind: string;
  region: string;
  anonymous?: boolean;
  nameEn?: string;
}

/** Only this digest of a token is stored. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The organization an active (unrevoked) token belongs to, or null. */
export async function tokenOwner(
  db: Db,
  token: string,
): Promise<{ organization: string; token: string } | null> {
  // Joined to its organization: a token outlives neither the organization nor its revocation.
  const [row] = await db
    .select({ organization: apiTokens.organization, token: apiTokens.id })
    .from(apiTokens)
    .innerJoin(organizations, eq(organizations.id, apiTokens.organization))
    .where(and(eq(apiTokens.tokenHash, tokenHash(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row ?? null;
}

/** Every organization, anonymous ones included, in id order: for administrators only. */
export const allOrganizations = (db: Db) => db.select().from(organizations).orderBy(asc(organizations.id));

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const randomId = (prefix: string) =>
  `${prefix}_${randomBytes(8).toString('base64url').replace(/[-_]/g, '').slice(0, 10).toLowerCase()}`;

export async function createOrganization(
  db: Db,
  org: NewOrganization,
  now: Date,
  hasRegion: (code: string) => boolean,
): Promise<string> {
  const kind = OrganizationKind.safeParse(org.kind);
  if (!kind.success) throw invalid('kind', `one of ${OrganizationKind.options.join(', ')}`);
  const nameProblem = organizationNameProblem(org.name);
  if (nameProblem) throw invalid('name', nameProblem);
  if (!hasRegion(org.region)) throw unknownReference('region', 'region', org.region);
  const id = org.id ?? randomId('org');
  if (!idPattern.test(id)) throw invalid('id', 'letters, digits and _ . : - (at most 64)');
  // The log names complaints' and moderation's recorders by these; an event id reads as an event.
  if ((portalRecorders as readonly string[]).includes(id) || EventId.safeParse(id).success)
    throw invalid(
      'id',
      `"${id}" is reserved: it names ${EventId.safeParse(id).success ? 'an event' : 'the portal'}`,
    );
  const [taken] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, id));
  if (taken)
    throw new Problem('conflict', 'Organization exists', `An organization with id "${id}" already exists.`, [
      { path: 'id', message: 'taken' },
    ]);
  // Tokens left by an earlier organization under this id (deleted by hand) must not
  // speak for the new one.
  await db
    .update(apiTokens)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(apiTokens.organization, id), isNull(apiTokens.revokedAt)));
  await db.insert(organizations).values({
    id,
    name: org.name.trim(),
    kind: kind.data,
    region: org.region,
    anonymous: org.anonymous ?? false,
    createdAt: now.toISOString(),
    nameEn: org.nameEn?.trim() || null,
  });
  return id;
}

export const maxOrganizationNameLength = 200;

/**
 * Bidirectional controls (U+200E/F, U+061C, U+202A–E, U+2066–9) reorder how a name is shown,
 * so one name could pass for another; other control characters and lone surrogates are no
 * part of a name either.
 */
const unshowable = /[\p{Cc}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Why `name` cannot be an organization's name, or null when it can. */
export function organizationNameProblem(name: string): string | null {
  if (!name.trim()) return 'must not be empty';
  if ([...name.trim()].length > maxOrganizationNameLength)
    return `at most ${maxOrganizationNameLength} characters`;
  if (unshowable.test(name)) return 'no bidirectional or other control characters';
  return null;
}

export async function createToken(
  db: Db,
  organization: string,
  now: Date,
): Promise<{ id: string; token: string }> {
  const [org] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organization));
  if (!org) throw unknownReference('org', 'organization', organization);
  const id = randomId('tok');
  const token = `at_${randomBytes(32).toString('base64url')}`;
  await db.insert(apiTokens).values({
    id,
    organization,
    tokenHash: tokenHash(token),
    createdAt: now.toISOString(),
  });
  return { id, token };
}

export async function revokeToken(db: Db, id: string, now: Date): Promise<void> {
  const done = await db
    .update(apiTokens)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (done.length === 0) throw unknownReference('token', 'active token', id);
}
