/**
 * Bearer tokens for writers. A token belongs to one organization, which is then the only
 * organization its holder can record events as. Only a SHA-256 of each token is stored.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { createHash } from 'node:crypto';
import { Problem } from '../domain/problems.ts';
import type { Db } from '../store/database.ts';
import { apiTokens } from '../store/schema.ts';
import type { Env } from './router.ts';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function requireToken(db: Db) {
  return createMiddleware<Env>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new Problem(
        'unauthorized',
        'Unauthorized',
        'Send an organization API token as `Authorization: Bearer <token>`.',
      );
    const [row] = await db
      .select({ organization: apiTokens.organization })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash(match[1]!)), isNull(apiTokens.revokedAt)))
      .limit(1);
    if (!row)
      throw new Problem('unauthorized', 'Unauthorized', 'The API token is unknown or has been revoked.');
    c.set('organization', row.organization);
    await next();
  });
}
