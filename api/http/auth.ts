/**
 * Bearer tokens for writers. A token belongs to one organization, which is then the only
 * organization its holder can record events as. Only a SHA-256 of each token is stored.
 */
import { createMiddleware } from 'hono/factory';
import { Problem } from '../domain/problems.ts';
import { tokenOwner } from '../store/admin.ts';
import type { Db } from '../store/database.ts';
import type { Env } from './router.ts';

/** The organization (and token id) an `Authorization: Bearer` header speaks for, or the refusal. */
export async function bearerOwner(
  db: Db,
  header: string | undefined,
  missing = 'Send an organization API token as `Authorization: Bearer <token>`.',
): Promise<{ organization: string; token: string }> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new Problem('unauthorized', 'Unauthorized', missing);
  // Joined to its organization: a token outlives neither the organization nor its revocation.
  const owner = await tokenOwner(db, match[1]!);
  if (!owner)
    throw new Problem('unauthorized', 'Unauthorized', 'The API token is unknown or has been revoked.');
  return owner;
}

export function requireToken(db: Db) {
  return createMiddleware<Env>(async (c, next) => {
    const owner = await bearerOwner(db, c.req.header('authorization'));
    c.set('organization', owner.organization);
    c.set('token', owner.token);
    await next();
  });
}
