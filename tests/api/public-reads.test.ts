import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, cny, testApp, type CastId } from '../support/test-app.ts';

describe('public reads', () => {
  it('send an ETag and Cache-Control, and answer a matching If-None-Match with 304 and no body', async () => {
    const t = await testApp();
    const gift = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(100),
    });
    const first = await t.get(`/api/v1/donations/${gift.receiptCode}`);
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const again = await t.app.request(`/api/v1/donations/${gift.receiptCode}`, {
      headers: { 'if-none-match': tag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    expect(again.headers.get('cache-control')).toBe('private, no-cache');
    // A change to the answer changes the tag.
    await t.record('charity', { type: 'transfer', occurredAt: at, to: 'huanggang-hospital', money: cny(40) });
    const changed = await t.app.request(`/api/v1/donations/${gift.receiptCode}`, {
      headers: { 'if-none-match': tag! },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
  });

  it('cache what changes only with a release for an hour, revalidate the checkpoint, never store errors or health', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(100),
    });
    expect((await t.get('/api/v1/catalog/items')).headers.get('cache-control')).toBe('public, max-age=3600');
    expect((await t.get('/api/v1/log/checkpoint')).headers.get('cache-control')).toBe('no-cache');
    expect((await t.get('/api/v1/health')).headers.get('cache-control')).toBe('no-store');
    const missing = await t.get('/api/v1/donations/AT-2222-2222-2222');
    expect([404, 422]).toContain(missing.status);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it('are open to any origin', async () => {
    const t = await testApp();
    const res = await t.app.request('/api/v1/catalog/regions', {
      headers: { origin: 'https://notebook.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('are rate limited per client address with 429, Retry-After and problem details; writes are not', async () => {
    const t = await testApp({
      readLimit: { limit: 3, windowMs: 60_000 },
      clientAddress: (c) => c.req.header('x-client') ?? 'none',
    });
    const from = (who: string) => t.app.request('/api/v1/catalog/diseases', { headers: { 'x-client': who } });
    for (let i = 0; i < 3; i++) expect((await from('a')).status).toBe(200);
    const limited = await from('a');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect((await limited.json()).status).toBe(429);
    expect((await from('b')).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await t.post('charity', {
            type: 'donation',
            occurredAt: at,
            donor: 'donor-li',
            recipient: 'charity',
            money: cny(1),
          })
        ).status,
      ).toBe(201);
    }
  });
});

describe('GET /api/v1/donations', () => {
  async function gifts() {
    const t = await testApp();
    await t.record('charity', {
      type: 'appeal',
      occurredAt: at,
      appeal: 'flood-2026',
      titleZh: '洪灾',
      titleEn: 'Flood',
    });
    await t.record('charity', {
      type: 'donation',
      occurredAt: '2026-01-05T09:00:00+08:00',
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(100),
      restriction: { region: '421100', disease: 'N18' },
    });
    await t.record('charity', {
      type: 'donation',
      occurredAt: '2026-02-05T09:00:00+08:00',
      anonymous: true,
      donorKind: 'individual',
      recipient: 'charity',
      money: cny(200),
      restriction: { appeal: 'flood-2026' },
    });
    await t.record('huanggang-hospital', {
      type: 'donation',
      occurredAt: '2026-02-06T09:00:00+08:00',
      donor: 'donor-li',
      recipient: 'huanggang-hospital',
      goods: { item: 'n95-respirator', quantity: 50 },
    });
    return t;
  }
  const list = async (t: Awaited<ReturnType<typeof testApp>>, query: string) => {
    const res = await t.get(`/api/v1/donations?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { data: Array<Record<string, any>>; nextCursor: string | null };
  };

  it('filters by organization, region, disease, appeal and date, hiding anonymous donors and receipt codes', async () => {
    const t = await gifts();
    const all = await list(t, '');
    expect(all.data).toHaveLength(3);
    expect(JSON.stringify(all)).not.toMatch(/AT-[0-9A-Z]{4}-/);
    expect(all.data[1]!.donor).toEqual({ anonymous: true, kind: 'individual' });
    expect((await list(t, 'organization=acme-pharma')).data.map((d) => d.gift.money.amount)).toEqual([100]);
    expect((await list(t, 'organization=huanggang-hospital')).data.map((d) => d.gift.goods.quantity)).toEqual(
      [50],
    );
    expect((await list(t, 'region=420000')).data).toHaveLength(2);
    expect((await list(t, 'disease=N18')).data.map((d) => d.restriction.region)).toEqual(['421100']);
    expect((await list(t, 'appeal=flood-2026')).data.map((d) => d.gift.money.amount)).toEqual([200]);
    expect(
      (await list(t, 'from=2026-02-01&to=2026-02-06T00:00:00%2B08:00')).data.map((d) => d.gift.money.amount),
    ).toEqual([200]);
  });

  it('refuses bad filters with problem details', async () => {
    const t = await gifts();
    for (const q of [
      'region=99',
      'region=999999',
      'from=yesterday',
      'kind=gift',
      'cursor=nope',
      'limit=501',
    ]) {
      const res = await t.get(`/api/v1/donations?${q}`);
      expect(res.status, q).toBe(422);
    }
  });
});

describe('cursor pagination', () => {
  const lists: Array<{ path: string; key: (row: any) => string }> = [
    { path: '/api/v1/events', key: (r) => r.id },
    { path: '/api/v1/donations', key: (r) => r.id },
    { path: '/api/v1/organizations', key: (r) => r.id },
    { path: '/api/v1/needs', key: (r) => r.id },
  ];
  const givers: CastId[] = ['charity', 'redcross-hubei', 'wuhan-depot'];

  it('keeps working while new rows arrive: every row present at the first page is served once, none twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        async (before, arriving, pageSize) => {
          const t = await testApp();
          const write = async (i: number) => {
            const by = givers[i % givers.length]!;
            await t.record(by, {
              type: 'donation',
              occurredAt: at,
              donor: 'donor-li',
              recipient: by,
              money: cny(10 + i),
            });
            await t.record('xishui-county-hospital', {
              type: 'need',
              occurredAt: at,
              facility: 'xishui-county-hospital',
              item: 'n95-respirator',
              quantity: 5 + i,
              urgency: i % 2 ? '24h' : '1m',
              importance: 'life',
            });
          };
          for (let i = 0; i < before; i++) await write(i);
          for (const { path, key } of lists) {
            const initial = (await (await t.get(`${path}?limit=500`)).json()).data.map(key);
            const seen: string[] = [];
            let cursor: string | null = null;
            let pages = 0;
            do {
              const res = await t.get(`${path}?limit=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`);
              expect(res.status).toBe(200);
              const body = await res.json();
              seen.push(...body.data.map(key));
              cursor = body.nextCursor;
              if (pages++ === 0) for (let i = 0; i < arriving; i++) await write(before + i);
            } while (cursor);
            expect(new Set(seen).size).toBe(seen.length);
            for (const k of initial) expect(seen).toContain(k);
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('cache policy of immutable log answers', () => {
  it("keeps a route's own Cache-Control on 200 and on 304", async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(100),
    });
    const first = await t.get('/api/v1/log/checkpoint?size=1');
    expect(first.headers.get('cache-control')).toContain('immutable');
    const again = await t.app.request('/api/v1/log/checkpoint?size=1', {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toContain('immutable');
  });
});

/** A gift of `amount` fen from donor-li to the charity; its answer carries the receipt code. */
const giftOf = (t: Awaited<ReturnType<typeof testApp>>, amount: number) =>
  t.record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'donor-li',
    recipient: 'charity',
    money: cny(amount),
  });

describe('response cache', () => {
  it('serves a kept answer until the log grows, with its ETag, 304s and fresh CORS and rate-limit headers', async () => {
    const t = await testApp({ cacheFreshMs: 60_000 });
    const gift = await giftOf(t, 100);
    const path = `/api/v1/donations/${gift.receiptCode}`;
    const first = await t.app.request(path, { headers: { origin: 'https://x.example' } });
    const body = await first.text();
    const kept = await t.app.request(path, { headers: { origin: 'https://x.example' } });
    expect(await kept.text()).toBe(body);
    expect(kept.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(kept.headers.get('cache-control')).toBe('private, no-cache');
    expect(kept.headers.get('access-control-allow-origin')).toBe('*');
    expect(kept.headers.get('ratelimit-remaining')).toBe(String(1_000_000 - 2));
    const conditional = await t.app.request(path, {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(conditional.status).toBe(304);
    expect(conditional.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('shows an event committed through this server in the very next answer, however long a read of the log size stands', async () => {
    const t = await testApp({ cacheFreshMs: 3_600_000 });
    const gift = await giftOf(t, 100);
    const path = `/api/v1/donations/${gift.receiptCode}`;
    const before = await t.get(path);
    const beforeBody = await before.text();
    expect(await (await t.get(path)).text()).toBe(beforeBody);
    const events = await (await t.get('/api/v1/events')).json();
    await t.record('charity', { type: 'transfer', occurredAt: at, to: 'huanggang-hospital', money: cny(40) });
    const after = await t.app.request(path, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect((await after.json()).fate.find((p: any) => p.holder === 'huanggang-hospital')?.amount).toBe(40);
    const eventsAfter = await (await t.get('/api/v1/events')).json();
    expect(eventsAfter.data.length).toBe(events.data.length + 1);
  });

  it("serves a gift's private part only to a request naming its receipt code, and keeps it out of shared caches", async () => {
    const t = await testApp({ cacheFreshMs: 3_600_000 });
    const a = await giftOf(t, 100);
    const b = await giftOf(t, 200);
    const first = await t.get(`/api/v1/donations/${a.receiptCode}`);
    const mine = await first.json();
    expect(mine.private.withheld['/receiptCode']).toBe(a.receiptCode);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    // The kept answer is the presenter's again, and never anyone else's.
    const kept = await t.get(`/api/v1/donations/${a.receiptCode}`);
    expect(kept.headers.get('cache-control')).toBe('private, no-cache');
    expect((await kept.json()).private).toEqual(mine.private);
    const other = await (await t.get(`/api/v1/donations/${b.receiptCode}`)).json();
    expect(other.private.withheld['/receiptCode']).toBe(b.receiptCode);
    expect(other.private.salt).not.toBe(mine.private.salt);
    for (const path of ['/api/v1/donations', '/api/v1/events', `/api/v1/donations/${b.receiptCode}`]) {
      for (let i = 0; i < 2; i++) {
        const text = await (await t.get(path)).text();
        expect(text, path).not.toContain(a.receiptCode!);
        expect(text, path).not.toContain(mine.private.salt);
      }
    }
    const unknown = await t.get(
      `/api/v1/donations/${a.receiptCode!.slice(0, -1)}${a.receiptCode!.endsWith('A') ? 'B' : 'A'}`,
    );
    expect(unknown.status).not.toBe(200);
    expect(await unknown.text()).not.toContain(mine.private.salt);
  });

  it('recomputes once the log has grown', async () => {
    const t = await testApp();
    const gift = await giftOf(t, 100);
    const path = `/api/v1/donations/${gift.receiptCode}`;
    const before = await (await t.get(path)).json();
    await t.record('charity', { type: 'transfer', occurredAt: at, to: 'huanggang-hospital', money: cny(40) });
    const after = await (await t.get(path)).json();
    expect(before.fate).not.toEqual(after.fate);
    expect(after.fate.find((p: any) => p.holder === 'huanggang-hospital')?.amount).toBe(40);
  });
});
