/**
 * GET /api/v1/downloads and /api/v1/downloads/{file}: the listing matches the files served,
 * content types and ETags are right, unknown files are 404 problems, and a new export is made
 * once the log has grown.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';
import { receiptCodes } from '../../api/domain/receipt-codes.ts';
import { DownloadsCache } from '../../api/store/exports/downloads-cache.ts';
import { at, cny, testApp, testOrigin, testSigningKey } from '../support/test-app.ts';

type Listing = {
  checkpoint: { size: number; rootHash: string };
  latestSize: number;
  refreshing: boolean;
  licence: { name: string };
  files: Array<{
    name: string;
    format: string;
    mediaType: string;
    bytes: number;
    sha256: string;
    table?: string;
    rows?: number;
    url: string;
  }>;
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The test app's ledger served by an app whose downloads live in a temp folder and refresh at once. */
async function downloadsApp() {
  const t = await testApp();
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-downloads-'));
  dirs.push(dir);
  const cache = new DownloadsCache({
    client: t.database.client,
    signingKey: testSigningKey,
    dir,
    refreshAfterMs: 0,
  });
  const { app } = createApp({
    database: t.database,
    catalog: t.catalog,
    clock: t.clock,
    signingKey: testSigningKey,
    origin: testOrigin,
    receiptCodes: receiptCodes(new Uint8Array(32).fill(9)),
    privateSalts: privateSalts(new Uint8Array(32).fill(10)),
    log: () => undefined,
    downloads: cache,
  });
  const listing = async () => {
    const res = await app.request('/api/v1/downloads');
    expect(res.status).toBe(200);
    return (await res.json()) as Listing;
  };
  return { ...t, app, cache, dir, listing };
}

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');

describe('downloads', () => {
  it('lists every file with its checkpoint, and serves each with its type, size, attachment name and SHA-256 ETag', async () => {
    const t = await downloadsApp();
    const gift = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(12_345),
    });
    const list = await t.listing();
    expect(list.checkpoint.size).toBe(gift.seq);
    expect(list).toMatchObject({ latestSize: gift.seq, refreshing: false, licence: { name: 'CC-BY-4.0' } });
    const byName = new Map(list.files.map((f) => [f.name, f]));
    expect(byName.get('donations.csv')).toMatchObject({
      format: 'csv',
      mediaType: 'text/csv; charset=utf-8',
      table: 'donations',
      rows: 1,
      url: '/api/v1/downloads/donations.csv',
    });
    expect(byName.get('events.ndjson')).toMatchObject({ mediaType: 'application/x-ndjson' });
    expect(byName.get('aidtrail.sqlite')).toMatchObject({ mediaType: 'application/vnd.sqlite3' });
    expect(byName.get('datapackage.json')).toMatchObject({ mediaType: 'application/json' });

    for (const name of [
      'donations.csv',
      'donations.ndjson',
      'aidtrail.sqlite',
      'datapackage.json',
      'SHA256SUMS',
    ]) {
      const f = byName.get(name)!;
      const res = await t.app.request(f.url);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe(f.mediaType);
      expect(res.headers.get('etag')).toBe(`"${f.sha256}"`);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      expect(res.headers.get('content-length')).toBe(String(f.bytes));
      const body = await res.arrayBuffer();
      expect(body.byteLength).toBe(f.bytes);
      expect(sha256(body)).toBe(f.sha256);
    }
    const csv = await (await t.app.request('/api/v1/downloads/donations.csv')).text();
    expect(csv).toContain('acme-pharma');
    expect(csv).toContain('12345');

    const again = await t.app.request('/api/v1/downloads/donations.csv', {
      headers: { 'if-none-match': `"${byName.get('donations.csv')!.sha256}"` },
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 problems for an unknown file and while the log is empty', async () => {
    const t = await downloadsApp();
    const empty = await t.app.request('/api/v1/downloads');
    expect(empty.status).toBe(404);
    expect(empty.headers.get('content-type')).toBe('application/problem+json');
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      anonymous: true,
      donorKind: 'individual',
      recipient: 'charity',
      money: cny(100),
    });
    for (const name of ['nope.csv', '.export.json', '..%2Fdatapackage.json', 'tmp']) {
      const res = await t.app.request(`/api/v1/downloads/${name}`);
      expect(res.status, name).toBe(404);
      const problem = (await res.json()) as { type: string; status: number };
      expect(problem).toMatchObject({ type: 'https://aidtrail.org/problems/not-found', status: 404 });
    }
  });

  it('makes a new export after the log grows, keeping the old one listed until the new one is complete', async () => {
    const t = await downloadsApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(1_000),
    });
    const first = await t.listing();
    const oldEvents = first.files.find((f) => f.name === 'events.ndjson')!;

    const next = await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'redcross-hubei',
      money: cny(400),
    });
    const during = await t.listing();
    expect(during.checkpoint.size).toBe(first.checkpoint.size);
    expect(during).toMatchObject({ latestSize: next.seq, refreshing: true });
    await t.cache.settled();

    const after = await t.listing();
    expect(after).toMatchObject({ checkpoint: { size: next.seq }, latestSize: next.seq, refreshing: false });
    expect(after.checkpoint.rootHash).not.toBe(first.checkpoint.rootHash);
    const events = after.files.find((f) => f.name === 'events.ndjson')!;
    expect(events.sha256).not.toBe(oldEvents.sha256);
    expect(after.files.find((f) => f.name === 'transfers.csv')!.rows).toBe(1);
    const res = await t.app.request(events.url);
    expect(res.headers.get('etag')).toBe(`"${events.sha256}"`);
    expect((await res.text()).trim().split('\n')).toHaveLength(next.seq);
    // The one listed a moment ago stays beside the new one; older ones go.
    const generations = () =>
      readdirSync(t.dir)
        .filter((n) => n.startsWith('gen-'))
        .sort();
    expect(generations()).toHaveLength(2);
    const third = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(5),
    });
    await t.listing();
    await t.cache.settled();
    expect(generations()).toHaveLength(2);
    expect(generations().some((g) => g.startsWith(`gen-${first.checkpoint.size}-`))).toBe(false);
    expect((await t.listing()).checkpoint.size).toBe(third.seq);

    // A new process on the same folder reuses the latest generation instead of exporting again.
    const reused = new DownloadsCache({
      client: t.database.client,
      signingKey: testSigningKey,
      dir: t.dir,
      refreshAfterMs: 0,
    });
    expect((await reused.state())!).toMatchObject({
      generation: { result: { checkpoint: { size: third.seq } } },
      refreshing: false,
    });
  });

  it('appears in the OpenAPI document', async () => {
    const t = await downloadsApp();
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/downloads', '/api/v1/downloads/{file}']),
    );
  });
});
