/**
 * Public answers change only when the log grows, so a finished answer is kept per URL with the
 * log size it was computed at and served again, bytes and ETag as they were, until the log
 * grows. A commit through this process's writer drops the size read at once (`onLogGrowth`),
 * so its new event shows in the very next answer; writes by other processes (an import, other
 * API copies on the same database) are seen within `freshMs`, the longest a read of the log
 * size stands.
 *
 * A kept answer is served as the bytes it was sent as, with its headers as a plain object:
 * the Node adapter writes such a response straight to the socket, without building a web
 * Response and reading its body back as a stream.
 *
 * The key is the full URL, so an answer that holds a presenter's private part (a gift asked
 * for by its receipt code) is only ever served again to a request naming that same code.
 */
import type { MiddlewareHandler } from 'hono';

interface Kept {
  logSize: number;
  status: number;
  headers: Record<string, string>;
  /** What a 304 carries: the validators and caching headers of the kept answer. */
  notModifiedHeaders: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
  /** The ETag without its weak prefix, for comparing with If-None-Match. */
  tag: string | null;
}

export interface ResponseCacheOptions {
  /** The log's size now. */
  logSize: () => Promise<number>;
  /** How long a read of the log size stands; 0 reads it on every request. */
  freshMs: number;
  /** Paths whose answers change without the log growing, or are too large to keep. */
  skip: (path: string) => boolean;
  /** Registers a call made whenever this process commits events, so a read of the size made before is dropped. */
  onLogGrowth?: (listener: () => void) => void;
  maxEntries?: number;
  maxBodyBytes?: number;
}

/** Response headers a kept answer does not carry: they are set afresh for each request. */
const perRequest = (name: string) =>
  name.startsWith('ratelimit') || name.startsWith('access-control') || name === 'retry-after';

const stripWeak = (tag: string) => tag.trim().replace(/^W\//, '');

export function responseCache(o: ResponseCacheOptions): MiddlewareHandler {
  const kept = new Map<string, Kept>();
  const maxEntries = o.maxEntries ?? 2_000;
  const maxBody = o.maxBodyBytes ?? 512 * 1024;
  let probe: { at: number; size: Promise<number> } | null = null;
  o.onLogGrowth?.(() => {
    probe = null;
  });
  const currentSize = () => {
    const now = Date.now();
    if (!probe || now - probe.at >= o.freshMs) {
      const size = o.logSize();
      const p = { at: now, size };
      probe = p;
      size.catch(() => {
        if (probe === p) probe = null;
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
        hit.tag &&
        match &&
        (match.trim() === '*' || match.split(',').some((t) => stripWeak(t) === hit.tag))
      )
        return new Response(null, { status: 304, headers: { ...hit.notModifiedHeaders } });
      return new Response(hit.body, { status: hit.status, headers: { ...hit.headers } });
    }
    await next();
    const res = c.res;
    if (res.status !== 200) return;
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > maxBody) return;
    const body = new Uint8Array(await res.clone().arrayBuffer());
    if (body.byteLength > maxBody) return;
    kept.delete(key);
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (!perRequest(name)) headers[name] = value;
    });
    const notModifiedHeaders: Record<string, string> = {};
    for (const h of ['etag', 'cache-control', 'vary'])
      if (headers[h] !== undefined) notModifiedHeaders[h] = headers[h];
    const etag = res.headers.get('etag');
    kept.set(key, {
      logSize: size,
      status: res.status,
      headers,
      notModifiedHeaders,
      body,
      tag: etag && stripWeak(etag),
    });
    if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
  };
}
