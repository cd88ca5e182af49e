/**
 * Write rate over loopback HTTP, one anonymous money gift per POST: sequential, with 8 clients
 * (fetch) and with 64 connections (autocannon), each against the API as it is (concurrent
 * requests group-committed: one transaction and one signed checkpoint per group) and against
 * the same API committing every request alone (a group of one, the write path before group
 * commit), beside a bare Hono route that parses the same JSON, all in the same run.
 */
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../../api/domain/catalog.ts';
import { createApp } from '../../api/http/app.ts';
import { createOrganization, createToken } from '../../api/store/admin.ts';
import { logSize } from '../../api/store/log-size.ts';
import { benchKey, benchReceiptCodes, benchPrivateSalts, freshFileDatabase } from './ledger-fixture.ts';
import { round } from './stats.ts';

async function listen(fetch: (r: Request) => Response | Promise<Response>) {
  const server = serve({ fetch, port: 0 });
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function drive(count: number, clients: number, request: () => Promise<Response>) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next++ < count) {
        const res = await request();
        if (res.status >= 300) throw new Error(`status ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - t0) / 1000);
}

function load(url: string, seconds: number, body: string, headers: Record<string, string>) {
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, method: 'POST', body, headers, connections: 64, duration: seconds }, (err, r) =>
      err ? reject(err) : resolve(r),
    ),
  );
}

const body = JSON.stringify({
  type: 'donation',
  occurredAt: '2026-01-01T00:00:00Z',
  anonymous: true,
  donorKind: 'individual',
  recipient: 'c',
  money: { currency: 'CNY', amount: 1000 },
});

/** An API on its own fresh database file, with a charity holding a token. */
async function writeApi(catalog: Catalog, name: string, groupLimit?: number) {
  const database = await freshFileDatabase(name);
  const now = new Date();
  await createOrganization(
    database.db,
    { id: 'c', name: 'Charity', kind: 'charity', region: '420100' },
    now,
    catalog.hasRegion,
  );
  const { token } = await createToken(database.db, 'c', now);
  const { app } = createApp({
    database,
    catalog,
    clock: () => new Date(),
    signingKey: benchKey,
    origin: benchKey.name,
    receiptCodes: benchReceiptCodes,
    privateSalts: benchPrivateSalts,
    writeLimit: { limit: 0, windowMs: 60_000 },
    log: () => undefined,
    ...(groupLimit === undefined ? {} : { groupLimit }),
  });
  const { server, base } = await listen(app.fetch);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const checkpoints = async () =>
    Number((await database.client.execute('SELECT count(*) FROM checkpoints')).rows[0]![0]);
  return {
    url: `${base}/api/v1/events`,
    headers,
    post: () => fetch(`${base}/api/v1/events`, { method: 'POST', body, headers }),
    /** Events and checkpoints written so far. */
    written: async () => ({ events: await logSize(database.client), checkpoints: await checkpoints() }),
    close: () => {
      server.close();
      database.close();
    },
  };
}

export async function benchHttpWrites(catalog: Catalog, count: number, seconds: number) {
  const bare = await listen(
    new Hono().post('/x', async (c) => {
      await c.req.json();
      return c.json({ ok: true }, 201);
    }).fetch,
  );
  const bareUrl = `${bare.base}/x`;
  const json = { 'content-type': 'application/json' };
  const bareLoad = await load(bareUrl, seconds, body, json);
  const rows = [];
  for (const [target, groupLimit] of [
    ['each request its own commit', 1],
    ['group commit (default)', undefined],
  ] as const) {
    const api = await writeApi(catalog, `http-${groupLimit ?? 'group'}`, groupLimit);
    const sequential = await drive(count, 1, api.post);
    const eight = await drive(count, 8, api.post);
    const before = await api.written();
    const r = await load(api.url, seconds, body, api.headers);
    const after = await api.written();
    api.close();
    rows.push({
      target,
      sequentialPerSec: round(sequential, 0),
      eightClientsPerSec: round(eight, 0),
      connections64PerSec: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
      eventsPerCheckpoint64: round(
        (after.events - before.events) / Math.max(1, after.checkpoints - before.checkpoints),
        1,
      ),
      shareOfBare64: round(r.requests.average / bareLoad.requests.average, 3),
    });
  }
  rows.push({
    target: 'bare Hono POST route (parses the same JSON)',
    sequentialPerSec: round(
      await drive(count, 1, () => fetch(bareUrl, { method: 'POST', body, headers: json })),
      0,
    ),
    eightClientsPerSec: round(
      await drive(count, 8, () => fetch(bareUrl, { method: 'POST', body, headers: json })),
      0,
    ),
    connections64PerSec: Math.round(bareLoad.requests.average),
    p50Ms: bareLoad.latency.p50,
    p99Ms: bareLoad.latency.p99,
    errors: bareLoad.errors + bareLoad.timeouts,
    non2xx: bareLoad.non2xx,
    eventsPerCheckpoint64: null,
    shareOfBare64: 1,
  });
  bare.server.close();
  return rows;
}
