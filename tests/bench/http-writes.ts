/**
 * Single-request write rate over loopback HTTP: one POST per event (one transaction and one
 * signed checkpoint each), sequential and with 8 clients, beside a bare Hono route that
 * answers a fixed JSON in the same run.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../../api/domain/catalog.ts';
import { createApp } from '../../api/http/app.ts';
import { createOrganization, createToken } from '../../api/store/admin.ts';
import { benchKey, benchReceiptCodes, benchPrivateSalts, freshFileDatabase } from './ledger-fixture.ts';
import { round } from './stats.ts';

async function listen(fetch: (r: Request) => Response | Promise<Response>) {
  const server = serve({ fetch, port: 0 });
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function drive(count: number, clients: number, request: (i: number) => Promise<Response>) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const res = await request(next++);
        if (res.status >= 300) throw new Error(`status ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - t0) / 1000);
}

export async function benchHttpWrites(catalog: Catalog, count: number) {
  const database = await freshFileDatabase('http');
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
  });
  const api = await listen(app.fetch);
  const bare = new Hono().post('/x', (c) => c.json({ ok: true }, 201));
  const baseline = await listen(bare.fetch);
  const body = JSON.stringify({
    type: 'donation',
    occurredAt: '2026-01-01T00:00:00Z',
    anonymous: true,
    donorKind: 'individual',
    recipient: 'c',
    money: { currency: 'CNY', amount: 1000 },
  });
  const post = (base: string, path: string) => () =>
    fetch(base + path, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  const result = {
    requests: count,
    sequentialEventsPerSecond: round(await drive(count, 1, post(api.base, '/api/v1/events')), 0),
    eightClientsEventsPerSecond: round(await drive(count, 8, post(api.base, '/api/v1/events')), 0),
    bareRouteSequentialPerSecond: round(await drive(count, 1, post(baseline.base, '/x')), 0),
  };
  api.server.close();
  baseline.server.close();
  database.close();
  return result;
}
