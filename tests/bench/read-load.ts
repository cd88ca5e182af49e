/**
 * The read API under load: autocannon with 64 connections on loopback against a real server on
 * a demo ledger — a donation page (full answer, and a conditional request answered 304) and
 * /coverage — beside a bare Hono route returning fixed JSON on the same server, same run. Each
 * answer is also measured against a bare route returning its exact bytes, which shows how much
 * of the gap is the size of the answer rather than the work behind it. Each target's share is
 * of a run of the bare route made just before it; medians of 3 rounds (AIDTRAIL_BENCH_LOAD_REPS).
 */
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/http/app.ts';
import { demoLedger } from './demo-ledger.ts';
import { median } from './stats.ts';

interface LoadResult {
  target: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** The bare route measured just before this target. */
  bareRequestsPerSec: number;
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
  reps = Number(process.env.AIDTRAIL_BENCH_LOAD_REPS ?? 3),
) {
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
  // The machine is shared: load from elsewhere changes from one run to the next, so each
  // target is measured right after its own run of the bare route, and its share is of that;
  // the figures are medians over `reps` rounds.
  const rounds: LoadResult[][] = [];
  for (let rep = 0; rep < reps; rep++) {
    const out: LoadResult[] = [];
    for (const [target, url, headers] of targets) {
      const isBare = target.startsWith('bare Hono');
      const bare = isBare ? null : await run(`${base}/bare`, seconds);
      const r = await run(url, seconds, headers);
      const bareRps = bare ? bare.requests.average : r.requests.average;
      out.push({
        target,
        requestsPerSec: r.requests.average,
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        errors: r.errors + r.timeouts,
        non2xx: target.includes('304') ? r.non2xx - (r['3xx'] ?? 0) : r.non2xx,
        bareRequestsPerSec: bareRps,
        share: r.requests.average / bareRps,
      });
    }
    rounds.push(out);
  }
  const out = targets.map(([target], i) => {
    const of = (f: (x: LoadResult) => number) => median(rounds.map((round) => f(round[i]!)));
    return {
      target,
      requestsPerSec: Math.round(of((x) => x.requestsPerSec)),
      p50Ms: of((x) => x.p50Ms),
      p99Ms: of((x) => x.p99Ms),
      errors: rounds.reduce((a, round) => a + round[i]!.errors, 0),
      non2xx: rounds.reduce((a, round) => a + round[i]!.non2xx, 0),
      bareRequestsPerSec: Math.round(of((x) => x.bareRequestsPerSec)),
      share: Number(of((x) => x.share ?? 0).toFixed(2)),
      shares: rounds.map((round) => Number((round[i]!.share ?? 0).toFixed(2))),
    };
  });
  await new Promise((r) => server.close(r));
  ctx.database.close();
  return out;
}
