/**
 * Fixed-window rate limits whose counts are shared by every API process on the database (the
 * `rate_counts` table), so a limit holds however many copies serve behind a load balancer.
 *
 * Each process counts locally and adds its count to the shared one at most once per `syncMs`
 * per key; between two syncs it decides on the last shared count plus its own. With `syncMs`
 * 0 every request asks the database (exact; what tests use). Reads never wait for a sync
 * unless `syncMs` is 0, so a long write batch holding the database lock cannot stall them. If
 * the database cannot count (disk full, read-only), the local count alone decides.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Problem } from '../domain/problems.ts';
import type { RateCounts } from '../store/rate-counts.ts';
import { problemResponse } from './problem.ts';

export interface RateRule {
  /** Requests per window; 0 means unlimited. */
  limit: number;
  windowMs: number;
}

interface Entry {
  window: number;
  /** The shared count as last read, this process's synced requests included. */
  shared: number;
  /** This process's requests not yet added to the shared count. */
  pending: number;
  lastSyncMs: number;
  syncing: Promise<void> | null;
}

export interface RateCounterOptions {
  store: RateCounts;
  /** Least time between two syncs of one key's count with the database. */
  syncMs: number;
  now: () => number;
  log?: (message: string, error: unknown) => void;
}

export class RateCounter {
  private readonly entries = new Map<string, Entry>();
  private prunedWindow = -1;

  constructor(private readonly o: RateCounterOptions) {}

  /** Counts one request of `key` and answers how many it has made in this window, over all processes. */
  async hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const now = this.o.now();
    const window = Math.floor(now / windowMs);
    let entry = this.entries.get(key);
    if (!entry || entry.window !== window) {
      entry = { window, shared: 0, pending: 0, lastSyncMs: -Infinity, syncing: null };
      this.entries.set(key, entry);
      this.forgetOld(window);
    }
    entry.pending += 1;
    if (!entry.syncing && now - entry.lastSyncMs >= this.o.syncMs) {
      entry.lastSyncMs = now;
      entry.syncing = this.sync(key, entry);
    }
    if (this.o.syncMs === 0) await entry.syncing;
    return { count: entry.shared + entry.pending, resetMs: (window + 1) * windowMs - now };
  }

  private async sync(key: string, entry: Entry): Promise<void> {
    const delta = entry.pending;
    entry.pending = 0;
    try {
      entry.shared = await this.o.store.add(`${key}`, entry.window, delta);
    } catch (e) {
      // The database cannot count now: keep counting here alone rather than refuse reads.
      entry.pending += delta;
      this.o.log?.('rate counts not shared (database unavailable)', e);
    } finally {
      entry.syncing = null;
    }
  }

  private forgetOld(window: number): void {
    for (const [key, e] of this.entries) if (e.window < window - 1) this.entries.delete(key);
    if (window > this.prunedWindow) {
      this.prunedWindow = window;
      // Old windows of every key, this process's or not: windows are per rule, so keep two.
      this.o.store.prune(window - 2).catch(() => undefined);
    }
  }
}

/** A middleware limiting requests to `rule` per key, answering 429 problem details beyond it. */
export function rateLimit(
  counter: RateCounter,
  rule: RateRule,
  keyOf: (c: Context) => string | null,
  refusal: (limit: number, seconds: number) => string,
): MiddlewareHandler {
  return async (c, next) => {
    const key = rule.limit > 0 ? keyOf(c) : null;
    if (key === null) return next();
    const { count, resetMs } = await counter.hit(key, rule.windowMs);
    const seconds = Math.max(1, Math.ceil(resetMs / 1000));
    const headers = {
      'RateLimit-Limit': String(rule.limit),
      'RateLimit-Remaining': String(Math.max(0, rule.limit - count)),
      'RateLimit-Reset': String(seconds),
    };
    if (count > rule.limit) {
      const res = problemResponse(
        c,
        new Problem('rate-limited', 'Too many requests', refusal(rule.limit, seconds), []),
      );
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      res.headers.set('Retry-After', String(seconds));
      return res;
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}

/**
 * The client's address: the socket's, or, when the socket is a trusted proxy, the nearest
 * address in X-Forwarded-For that is not itself a trusted proxy. Without trusted proxies the
 * header is ignored, so a client cannot choose its own bucket.
 */
export function forwardedClient(socket: (c: Context) => string, trustedProxies: readonly string[]) {
  const trusted = new Set(trustedProxies.map(normalAddress));
  return (c: Context): string => {
    const peer = normalAddress(socket(c));
    if (!trusted.has(peer)) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => normalAddress(h.trim()))
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
    return hops[0] ?? peer;
  };
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
const normalAddress = (a: string) => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').toLowerCase();
