/**
 * The read API under load: autocannon with 64 connections on loopback against a real server on
 * a demo ledger — a donation page (full answer, and a conditional request answered 304) and
 * /coverage — beside a bare Hono route returning fixed JSON on the same server, same run. Each
 * answer is also measured against a bare route returning its exact bytes, which shows how much
 * of the gap is the size of the answer rather than the work behind it.
 */
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/http/app.ts';
import { demoLedger } from './demo-ledger.ts';

interface LoadResult {
  target: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  share: number | null;
}

function run(url: string, seconds: number, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 64, duration: seconds, headers }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

export async function benchReadLoad(
  events: number,
  seconds: number,
  onProgress?: (done: number) => void,
): Promise<LoadResult[]> {
  const ctx = await demoLedger(events, onProgress);
  const { app } = createApp({
    ...ctx,
    origin: ctx.signingKey.name,
    readLimit: { limit: 1e9, windowMs: 60_000 },
  });
  app.get('/bare', (c) =>
    c.json({ data: [{ region: '420000', disease: 'N18', needed: 100, delivered: 80 }], nextCursor: null }),
  );
  // Routes are fixed before the first request; the bytes they return are read just after.
  let donationBytes = '';
  let coverageBytes = '';
  app.get('/bare/donation-bytes', (c) => c.body(donationBytes, 200, { 'content-type': 'application/json' }));
  app.get('/bare/coverage-bytes', (c) => c.body(coverageBytes, 200, { 'content-type': 'application/json' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const code = String(
    (
      await ctx.database.client.execute(
        "SELECT receipt_code FROM donations WHERE kind = 'donation' ORDER BY seq DESC LIMIT 1",
      )
    ).rows[0]!.receipt_code,
  );
  const donation = `${base}/api/v1/donations/${code}`;
  const first = await fetch(donation);
  const tag = first.headers.get('etag') ?? '';
  donationBytes = await first.text();
  const coverageUrl = `${base}/api/v1/coverage?groupBy=region,disease&level=province`;
  coverageBytes = await (await fetch(coverageUrl)).text();
  const targets: Array<[string, string, Record<string, string>]> = [
    ['bare Hono route (fixed JSON)', `${base}/bare`, {}],
    ['donation page', donation, {}],
    ['donation page, If-None-Match (304)', donation, { 'if-none-match': tag }],
    [`bare route, the donation page's ${donationBytes.length} bytes`, `${base}/bare/donation-bytes`, {}],
    ['coverage province × disease', coverageUrl, {}],
    [`bare route, the coverage answer's ${coverageBytes.length} bytes`, `${base}/bare/coverage-bytes`, {}],
  ];
  const out: LoadResult[] = [];
  let bareRps = 0;
  for (const [target, url, headers] of targets) {
    const r = await run(url, seconds, headers);
    if (target.startsWith('bare Hono')) bareRps = r.requests.average;
    out.push({
      target,
      requestsPerSec: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: target.includes('304') ? r.non2xx - (r['3xx'] ?? 0) : r.non2xx,
      share: bareRps ? Number((r.requests.average / bareRps).toFixed(2)) : null,
    });
  }
  await new Promise((r) => server.close(r));
  ctx.database.close();
  return out;
}
