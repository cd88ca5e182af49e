/**
 * Rate limits as an attack found them wanting: behind a proxy every reader shared one bucket
 * (or, trusting X-Forwarded-For blindly, any client could pick its own), two API processes
 * each kept their own counts, and writes were not limited at all.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';
import { receiptCodes } from '../../api/domain/receipt-codes.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { at, cny, testApp, testOrigin, testSigningKey } from '../support/test-app.ts';

const windowMs = 60_000;
const gift = { type: 'donation', occurredAt: at, donor: 'donor-li', recipient: 'charity', money: cny(1) };

describe('read limits', () => {
  it('ignore X-Forwarded-For unless the socket is a trusted proxy', async () => {
    const t = await testApp({ readLimit: { limit: 3, windowMs }, clientAddress: undefined });
    const from = (xff: string) =>
      t.app.request('/api/v1/catalog/items', { headers: { 'x-forwarded-for': xff } });
    for (const spoof of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) expect((await from(spoof)).status).toBe(200);
    const limited = await from('4.4.4.4');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('count each client behind a trusted proxy apart, by the nearest untrusted hop', async () => {
    // Requests through app.request() come from the socket address "local".
    const t = await testApp({
      readLimit: { limit: 2, windowMs },
      clientAddress: undefined,
      trustProxy: ['local', '10.0.0.2'],
    });
    const from = (xff: string) =>
      t.app.request('/api/v1/catalog/items', { headers: { 'x-forwarded-for': xff } });
    expect((await from('9.9.9.9, 203.0.113.7')).status).toBe(200);
    // The client cannot escape its bucket by prepending addresses: the rightmost untrusted hop counts.
    expect((await from('8.8.8.8, 203.0.113.7, 10.0.0.2')).status).toBe(200);
    expect((await from('7.7.7.7, 203.0.113.7')).status).toBe(429);
    expect((await from('198.51.100.1')).status).toBe(200);
  });

  it('are shared by two API processes on one database', async () => {
    const t = await testApp({ readLimit: { limit: 4, windowMs } });
    const second = createApp({
      database: t.database,
      catalog: t.catalog,
      clock: t.clock,
      signingKey: testSigningKey,
      origin: testOrigin,
      receiptCodes: receiptCodes(new Uint8Array(32).fill(9)),
      privateSalts: privateSalts(new Uint8Array(32).fill(10)),
      log: () => undefined,
      readLimit: { limit: 4, windowMs },
      rateSyncMs: 0,
      cacheFreshMs: 0,
    }).app;
    for (const app of [t.app, second, t.app, second])
      expect((await app.request('/api/v1/catalog/items')).status).toBe(200);
    expect((await second.request('/api/v1/catalog/items')).status).toBe(429);
    expect((await t.app.request('/api/v1/catalog/items')).status).toBe(429);
  });

  it('start again in the next window, and 0 means unlimited', async () => {
    let now = 1_000 * windowMs;
    const t = await testApp({ readLimit: { limit: 1, windowMs }, rateNow: () => now });
    expect((await t.get('/api/v1/catalog/items')).status).toBe(200);
    expect((await t.get('/api/v1/catalog/items')).status).toBe(429);
    now += windowMs;
    expect((await t.get('/api/v1/catalog/items')).status).toBe(200);
    const open = await testApp({ readLimit: { limit: 0, windowMs } });
    for (let i = 0; i < 5; i++) expect((await open.get('/api/v1/catalog/items')).status).toBe(200);
  });
});

describe('write limits', () => {
  it('count events per token, answering 429 with Retry-After and writing nothing beyond', async () => {
    let now = 5_000 * windowMs;
    const t = await testApp({ writeLimit: { limit: 2, windowMs }, rateNow: () => now });
    expect((await t.post('charity', gift)).status).toBe(201);
    expect((await t.post('charity', gift)).status).toBe(201);
    const limited = await t.post('charity', gift);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await limited.json()).type).toMatch(/rate-limited$/);
    expect((await (await t.get('/api/v1/health')).json()).events).toBe(2);
    // Another organization's token has its own count; reads are not writes.
    expect((await t.post('redcross-hubei', { ...gift, recipient: 'redcross-hubei' })).status).toBe(201);
    expect((await t.get('/api/v1/events')).status).toBe(200);
    now += windowMs;
    expect((await t.post('charity', gift)).status).toBe(201);
  });

  it('do not count a request without a valid token', async () => {
    const t = await testApp({ writeLimit: { limit: 1, windowMs } });
    for (let i = 0; i < 3; i++)
      expect(
        (
          await t.app.request('/api/v1/events', {
            method: 'POST',
            body: '{}',
            headers: { authorization: 'Bearer at_x' },
          })
        ).status,
      ).toBe(401);
    expect((await t.post('charity', gift)).status).toBe(201);
  });
});

describe('configuration', () => {
  it('reads HOST, the limits and the trusted proxies from the environment, with safe defaults', () => {
    const d = configFromEnv({});
    expect(d).toMatchObject({ host: '127.0.0.1', readLimit: 600, writeLimit: 600, trustProxy: [] });
    const c = configFromEnv({
      HOST: '0.0.0.0',
      AIDTRAIL_READ_LIMIT: '0',
      AIDTRAIL_WRITE_LIMIT: '30',
      AIDTRAIL_TRUST_PROXY: '10.0.0.1, ::1',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      readLimit: 0,
      writeLimit: 30,
      trustProxy: ['10.0.0.1', '::1'],
    });
    expect(() => configFromEnv({ AIDTRAIL_WRITE_LIMIT: 'lots' })).toThrow(/AIDTRAIL_WRITE_LIMIT/);
  });

  it('documents the limits in the OpenAPI document', async () => {
    const t = await testApp();
    const doc = await (await t.get('/api/v1/openapi.json')).json();
    const post = doc.paths['/api/v1/events'].post;
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['413', '429', '503']));
    expect(JSON.stringify(doc.info)).toMatch(/AIDTRAIL_READ_LIMIT/);
  });
});
