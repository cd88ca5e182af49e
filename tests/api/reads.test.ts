import { describe, expect, it } from 'vitest';
import { at, cny, testApp } from '../support/test-app.ts';

describe('GET /api/v1/organizations', () => {
  it('lists organizations page by page with an opaque cursor and no repeats', async () => {
    const t = await testApp();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.get(`/api/v1/organizations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = await res.json();
      seen.push(...page.data.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by kind and refuses a bad cursor or an oversized page with 422', async () => {
    const t = await testApp();
    const hospitals = await (await t.get('/api/v1/organizations?kind=hospital')).json();
    expect(hospitals.data.map((o: { id: string }) => o.id)).toEqual([
      'huanggang-hospital',
      'xishui-county-hospital',
    ]);
    expect((await t.get('/api/v1/organizations?cursor=garbage')).status).toBe(422);
    expect((await t.get('/api/v1/organizations?limit=100000')).status).toBe(422);
    expect((await t.get('/api/v1/organizations?kind=wizard')).status).toBe(422);
  });

  it('shows holdings by asset and lot, soonest expiry first, held and in transit', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: { item: 'n95-respirator', quantity: 500, lot: 'N95-A', expiresOn: '2028-01-01' },
    });
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: { item: 'n95-respirator', quantity: 200, lot: 'N95-B' },
    });
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(9_900),
      restriction: { region: '420000' },
    });
    await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'redcross-hubei',
      goods: { item: 'n95-respirator', quantity: 300 },
    });
    const charity = await (await t.get('/api/v1/organizations/charity')).json();
    expect(charity.holdings).toEqual([
      {
        state: 'held',
        asset: { goods: { item: 'n95-respirator', quantity: 200, lot: 'N95-A' } },
        expiresOn: '2028-01-01',
        restricted: false,
        provenanceUnknown: false,
      },
      {
        state: 'held',
        asset: { goods: { item: 'n95-respirator', quantity: 200, lot: 'N95-B' } },
        expiresOn: null,
        restricted: false,
        provenanceUnknown: false,
      },
      {
        state: 'held',
        asset: { money: { currency: 'CNY', amount: 9_900 } },
        expiresOn: null,
        restricted: true,
        provenanceUnknown: false,
      },
    ]);
    const rc = await (await t.get('/api/v1/organizations/redcross-hubei')).json();
    expect(rc.holdings).toEqual([
      {
        state: 'in_transit',
        asset: { goods: { item: 'n95-respirator', quantity: 300, lot: 'N95-A' } },
        expiresOn: '2028-01-01',
        restricted: false,
        provenanceUnknown: false,
      },
    ]);
  });

  it('keeps restricted and unrestricted money apart in holdings', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(10_000),
    });
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(5_000),
      restriction: { region: '420000' },
    });
    const charity = await (await t.get('/api/v1/organizations/charity')).json();
    expect(charity.holdings).toEqual([
      {
        state: 'held',
        asset: { money: { currency: 'CNY', amount: 10_000 } },
        expiresOn: null,
        restricted: false,
        provenanceUnknown: false,
      },
      {
        state: 'held',
        asset: { money: { currency: 'CNY', amount: 5_000 } },
        expiresOn: null,
        restricted: true,
        provenanceUnknown: false,
      },
    ]);
  });

  it('answers 404 problem+json for an unknown organization', async () => {
    const t = await testApp();
    const res = await t.get('/api/v1/organizations/nobody');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('problem+json');
  });
});

describe('GET /api/v1/events', () => {
  it('pages through the log in seq order, and a cursor keeps working while events arrive', async () => {
    const t = await testApp();
    for (let i = 0; i < 5; i++)
      await t.record('charity', {
        type: 'donation',
        occurredAt: at,
        donor: 'donor-li',
        recipient: 'charity',
        money: cny(100 + i),
      });
    const first = await (await t.get('/api/v1/events?limit=2')).json();
    expect(first.data.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    for (let i = 0; i < 3; i++)
      await t.record('charity', {
        type: 'donation',
        occurredAt: at,
        donor: 'donor-li',
        recipient: 'charity',
        money: cny(200 + i),
      });
    const rest: number[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await (await t.get(`/api/v1/events?limit=2&cursor=${cursor}`)).json();
      rest.push(...page.data.map((e: { seq: number }) => e.seq));
      cursor = page.nextCursor;
    }
    expect(rest).toEqual([3, 4, 5, 6, 7, 8]);
    const one = await (await t.get('/api/v1/events?type=donation&limit=1')).json();
    expect(one.data[0].event).toMatchObject({ type: 'donation', money: { currency: 'CNY', amount: 100 } });
  });
});

describe('GET /api/v1/catalog/*', () => {
  it('serves regions with parents and populations, and children of a region', async () => {
    const t = await testApp();
    const provinces = await (await t.get('/api/v1/catalog/regions?level=province')).json();
    expect(provinces.data).toHaveLength(31);
    expect(provinces.data.find((r: { code: string }) => r.code === '420000')).toMatchObject({
      nameZh: '湖北省',
      population: 57_752_557,
    });
    const hubei = await (await t.get('/api/v1/catalog/regions?parent=420000')).json();
    expect(hubei.data.map((r: { code: string }) => r.code)).toContain('420100');
    expect((await t.get('/api/v1/catalog/regions?parent=999999')).status).toBe(404);
    expect((await t.get('/api/v1/catalog/regions?parent=abc')).status).toBe(422);
  });

  it('serves diseases by ICD-10 chapter and items with unit, category and cold chain', async () => {
    const t = await testApp();
    const d = await (await t.get('/api/v1/catalog/diseases')).json();
    expect(d.chapters).toHaveLength(22);
    expect(d.data.find((x: { code: string }) => x.code === 'N18')).toMatchObject({ chapter: 'XIV' });
    const items = await (await t.get('/api/v1/catalog/items?category=vaccine')).json();
    expect(items.data.length).toBeGreaterThan(0);
    for (const i of items.data)
      expect(i).toMatchObject({ category: 'vaccine', coldChain: true, unit: expect.any(String) });
  });
});

describe('GET /api/v1/openapi.json and /api/docs', () => {
  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const t = await testApp();
    const doc = await (await t.get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths).sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/appeals',
        '/api/v1/catalog/diseases',
        '/api/v1/catalog/items',
        '/api/v1/catalog/regions',
        '/api/v1/coverage',
        '/api/v1/donations',
        '/api/v1/donations/{receiptCode}',
        '/api/v1/events',
        '/api/v1/health',
        '/api/v1/log/checkpoint',
        '/api/v1/log/entries',
        '/api/v1/log/proofs/consistency',
        '/api/v1/log/proofs/inclusion',
        '/api/v1/log/public-key',
        '/api/v1/needs',
        '/api/v1/organizations',
        '/api/v1/organizations/{id}',
        '/api/v1/outcomes',
        '/api/v1/signals/idle-devices',
        '/api/v1/signals/idle-holders',
        '/api/v1/signals/idle-stock',
        '/api/v1/signals/near-expiry',
        '/api/v1/signals/restriction-breaches',
        '/api/v1/signals/unneeded-deliveries',
      ]),
    );
    const types = doc.components.schemas.EventBody.oneOf.map(
      (s: { properties: { type: { enum?: string[]; const?: string } } }) =>
        s.properties.type.enum?.[0] ?? s.properties.type.const,
    );
    expect(types).toEqual([
      'donation',
      'pledge',
      'transfer',
      'return',
      'receipt',
      'purchase',
      'use',
      'write_off',
      'appeal',
      'need',
      'need_update',
      'need_close',
      'donation_confirm',
      'custody_handover',
      'temperature_log',
      'lot_release',
      'reserve_plan',
      'dispatch_request',
      'dispatch_review',
      'settlement',
      'opening_balance',
      'correction',
      'complaint',
      'complaint_answer',
      'complaint_feedback',
      'complaint_hide',
    ]);
  });

  it('renders the reference page on the server, with nothing loaded from elsewhere, in both languages', async () => {
    const t = await testApp();
    const page = await t.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const zh = await page.text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('可核验的医疗慈善公开账本');
    // Every operation of the document has its section.
    const doc = await (await t.get('/api/v1/openapi.json')).json();
    for (const path of Object.keys(doc.paths)) expect(zh).toContain(`<code>${path}</code>`);
    // Every event type is listed under the write route's body.
    expect(zh).toContain('<summary><code>need_update</code></summary>');
    expect(zh).not.toMatch(/<script|<link[^>]+stylesheet|https?:\/\/(?!creativecommons|aidtrail)/);
    const en = await (await t.get('/api/docs?lang=en')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('append-only log');
  });
});
