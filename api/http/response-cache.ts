/**
 * Public answers change only when the log grows, so a finished answer is kept per URL with the
 * log size it was computed at and served again, bytes and ETag as they were, until the log
 * grows. The log size is read at most once per `freshMs` (answers are already published as
 * cacheable for 30 s, so a second of staleness promises nothing new); with several API copies
 * behind a load balancer each keeps its own cache and each sees the shared log grow.
 */
import type { MiddlewareHandler } from 'hono';

interface Kept {
  logSize: number;
  status: number;
  headers: [string, string][];
  /** What a 304 carries: the validators and caching headers of the kept answer. */
  notModifiedHeaders: [string, string][];
  body: ArrayBuffer;
  etag: string | null;
}

export interface ResponseCacheOptions {
  /** The log's size now. */
  logSize: () => Promise<number>;
  /** How long a read of the log size stands; 0 reads it on every request. */
  freshMs: number;
  /** Paths whose answers change without the log growing, or are too large to keep. */
  skip: (path: string) => boolean;
  maxEntries?: number;
  maxBodyBytes?: number;
}

export function responseCache(o: ResponseCacheOptions): MiddlewareHandler {
  const kept = new Map<string, Kept>();
  const maxEntries = o.maxEntries ?? 2_000;
  const maxBody = o.maxBodyBytes ?? 512 * 1024;
  let probe: { at: number; size: Promise<number> } | null = null;
  const currentSize = () => {
    const now = Date.now();
    if (!probe || now - probe.at >= o.freshMs) {
      const size = o.logSize();
      probe = { at: now, size };
      size.catch(() => {
        probe = null;
      });
    }
    return probe.size;
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' || o.skip(c.req.path)) return next();
    const key = c.req.url;
    const size = await currentSize();
    const hit = kept.get(key);
    if (hit && hit.logSize === size) {
      // Recently used entries stay; the oldest go first when the cache is full.
      kept.delete(key);
      kept.set(key, hit);
      const match = c.req.header('If-None-Match');
      if (
        hit.etag &&
        match &&
        match.split(',').some((t) => t.trim().replace(/^W\//, '') === hit.etag!.replace(/^W\//, ''))
      ) {
        return new Response(null, { status: 304, headers: hit.notModifiedHeaders });
      }
      return new Response(hit.body, { status: hit.status, headers: hit.headers });
    }
    await next();
    const res = c.res;
    if (res.status !== 200) return;
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > maxBody) return;
    const body = await res.clone().arrayBuffer();
    if (body.byteLength > maxBody) return;
    kept.delete(key);
    // Per-request headers (rate-limit counters, CORS) are set afresh on every answer.
    const headers: [string, string][] = [];
    res.headers.forEach((value, name) => {
      if (!name.startsWith('ratelimit') && !name.startsWith('access-control') && name !== 'retry-after')
        headers.push([name, value]);
    });
    const notModifiedHeaders = headers.filter(([h]) => h === 'etag' || h === 'cache-control' || h === 'vary');
    kept.set(key, {
      logSize: size,
      status: res.status,
      headers,
      notModifiedHeaders,
      body,
      etag: res.headers.get('etag'),
    });
    if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
  };
}
