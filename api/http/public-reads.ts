/**
 * What every public read gets: a per-address rate limit shared by every API process (429 with
 * Retry-After, as problem details), an ETag with 304 for a matching If-None-Match, and a Cache-Control suited to how
 * the answer can change. Writes are authenticated and pass through untouched.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { rateLimit, type RateCounter, type RateRule } from './rate-limit.ts';
import { responseCache, type ResponseCacheOptions } from './response-cache.ts';

/** Public reads per window per client address (0: unlimited). */
export type ReadLimit = RateRule;

export const defaultReadLimit: ReadLimit = { limit: 600, windowMs: 60_000 };

/** The client's address as the server socket saw it; behind a proxy pass your own. */
export function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests and other non-socket callers have no connection.
    return 'local';
  }
}

const isRead = (c: Context) => c.req.method === 'GET' || c.req.method === 'HEAD';

/** Cache lifetimes: what only changes with a release, what changes as the log grows, what must always be asked. */
export function cachePolicy(path: string): string {
  if (path === '/api/v1/health') return 'no-store';
  if (path === '/api/v1/log/checkpoint') return 'no-cache';
  if (
    path === '/api/v1/openapi.json' ||
    path.startsWith('/api/v1/catalog/') ||
    path === '/api/v1/log/public-key'
  )
    return 'public, max-age=3600';
  return 'public, max-age=30';
}

export interface PublicReadOptions {
  limit: ReadLimit;
  counter: RateCounter;
  clientAddress: (c: Context) => string;
  cache: ResponseCacheOptions;
}

export function publicReads({
  limit,
  counter,
  clientAddress,
  cache,
}: PublicReadOptions): MiddlewareHandler[] {
  // A route may set its own policy (immutable log proofs); the ETag step drops it from a 304,
  // so it is remembered per request and put back.
  const policies = new WeakMap<Request, string>();
  const restoreOn304: MiddlewareHandler = async (c, next) => {
    await next();
    if (!isRead(c)) return;
    if (c.res.status === 304) {
      if (!c.res.headers.has('Cache-Control'))
        c.res.headers.set('Cache-Control', policies.get(c.req.raw) ?? cachePolicy(c.req.path));
    } else if (!c.res.ok) c.res.headers.set('Cache-Control', 'no-store');
  };
  const defaultPolicy: MiddlewareHandler = async (c, next) => {
    await next();
    if (!isRead(c) || !c.res.ok) return;
    const policy = c.res.headers.get('Cache-Control') ?? cachePolicy(c.req.path);
    c.res.headers.set('Cache-Control', policy);
    policies.set(c.req.raw, policy);
  };
  const limiter = rateLimit(
    counter,
    limit,
    (c) => (isRead(c) ? `read:${clientAddress(c)}` : null),
    (n, seconds) =>
      `This address made more than ${n} requests in ${limit.windowMs / 1000} s; try again in ${seconds} s. Bulk downloads need no paging.`,
  );
  return [limiter, restoreOn304, responseCache(cache), etag(), defaultPolicy];
}
