import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectionDigest, rebuildProjections } from '../../api/store/rebuild.ts';
import { at, cny, testApp, type CastId } from '../support/test-app.ts';

const needBody = (extra: Record<string, unknown> = {}) => ({
  type: 'need',
  occurredAt: '2026-02-01T08:00:00+08:00',
  facility: 'xishui-county-hospital',
  item: 'hemodialysis-bloodline-set',
  quantity: 100,
  disease: 'N18',
  urgency: '72h',
  importance: 'life',
  beneficiaries: 3,
  ...extra,
});
const goods = (quantity: number, item = 'hemodialysis-bloodline-set') => ({ goods: { item, quantity } });

async function stocked() {
  // Needs in the property below are dated up to 2026-03-05.
  const t = await testApp({ clockStart: '2026-04-01T00:00:00Z' });
  await t.record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'acme-pharma',
    recipient: 'charity',
    ...goods(1_000),
  });
  const ship = async (
    to: CastId,
    quantity: number,
    extra: Record<string, unknown> = {},
    when = '2026-02-02T10:00:00+08:00',
  ) => {
    const s = await t.record('charity', {
      type: 'transfer',
      occurredAt: when,
      to,
      ...goods(quantity),
      ...extra,
    });
    return t.record(to, { type: 'receipt', occurredAt: when, transfer: s.id, ...goods(quantity) });
  };
  return { ...t, ship };
}

const coverageOf = async (t: Awaited<ReturnType<typeof testApp>>, query: string) => {
  const res = await t.get(`/api/v1/coverage?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()).data as Array<Record<string, any>>;
};

describe('needs', () => {
  it('are recorded by the facility or by a health authority over its region, and refused otherwise', async () => {
    const t = await testApp();
    expect((await t.post('xishui-county-hospital', needBody())).status).toBe(201);
    expect((await t.post('hubei-health', needBody())).status).toBe(201);
    expect((await t.post('charity', needBody())).status).toBe(403);
    expect((await t.post('charity', needBody({ facility: 'charity' }))).status).toBe(422);
    expect((await t.post('xishui-county-hospital', needBody({ item: 'unicorn' }))).status).toBe(422);
    expect((await t.post('xishui-county-hospital', needBody({ category: 'consumable' }))).status).toBe(422);
    expect((await t.post('xishui-county-hospital', needBody({ urgency: 'soon' }))).status).toBe(422);
  });

  it('are answered by a shipment that names them, shown met, with coverage 1 and the rest as oversupply', async () => {
    const t = await stocked();
    const n = await t.record('xishui-county-hospital', needBody());
    await t.ship('xishui-county-hospital', 60, { needs: [n.id] });
    let board = (await (await t.get('/api/v1/needs')).json()).data;
    expect(board[0]).toMatchObject({
      id: n.id,
      delivered: 60,
      status: 'open',
      priority: 1,
      beneficiaries: '<5',
      firstDeliveryAt: '2026-02-02T10:00:00+08:00',
    });
    await t.ship('xishui-county-hospital', 70);
    board = (await (await t.get('/api/v1/needs')).json()).data;
    expect(board[0]).toMatchObject({ delivered: 100, status: 'met' });
    const rows = await coverageOf(t, 'groupBy=region,disease&level=county');
    expect(rows).toEqual([
      expect.objectContaining({
        region: '421125',
        disease: null,
        needs: 0,
        needed: 0,
        coverage: null,
        unmatched: 30,
      }),
      expect.objectContaining({
        region: '421125',
        disease: 'N18',
        needs: 1,
        needed: 100,
        delivered: 100,
        coverage: 1,
        unmet: 0,
      }),
    ]);
    const all = await coverageOf(t, 'groupBy=region&level=province');
    expect(all).toEqual([
      expect.objectContaining({
        region: '420000',
        needed: 100,
        delivered: 100,
        oversupply: 30,
        unmatched: 30,
        coverage: 1,
      }),
    ]);
    // Reported 00:00Z, first delivery 26 h later: the bucket edge above, never below.
    expect(all[0]!.responseHoursP50).toBeGreaterThanOrEqual(26);
    expect(all[0]!.responseHoursP50).toBeLessThanOrEqual(26 * 1.25);
    expect(all[0]!.population).toBe(57_752_557);
  });

  it('refuses naming a need of another facility or a closed one', async () => {
    const t = await stocked();
    const n = await t.record('xishui-county-hospital', needBody());
    expect(
      (
        await t.post('charity', {
          type: 'transfer',
          occurredAt: at,
          to: 'xishui-clinic',
          ...goods(5),
          needs: [n.id],
        })
      ).status,
    ).toBe(422);
    await t.record('xishui-county-hospital', {
      type: 'need_close',
      occurredAt: at,
      need: n.id,
      reason: 'cancelled',
    });
    expect(
      (
        await t.post('charity', {
          type: 'transfer',
          occurredAt: at,
          to: 'xishui-county-hospital',
          ...goods(5),
          needs: [n.id],
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await t.post('xishui-county-hospital', {
          type: 'need_close',
          occurredAt: at,
          need: n.id,
          reason: 'met',
        })
      ).status,
    ).toBe(409);
  });

  it('never shows coverage above 1: a shrunk need counts its surplus as oversupply', async () => {
    const t = await stocked();
    const n = await t.record('xishui-county-hospital', needBody());
    await t.ship('xishui-county-hospital', 80);
    await t.record('xishui-county-hospital', {
      type: 'need_update',
      occurredAt: at,
      need: n.id,
      quantity: 50,
    });
    const [row] = await coverageOf(t, 'groupBy=region');
    expect(row).toMatchObject({
      needed: 50,
      delivered: 80,
      coverage: 1,
      unmet: 0,
      excess: 30,
      oversupply: 30,
    });
  });

  it('takes a corrected receipt back from the needs it answered', async () => {
    const t = await stocked();
    const n = await t.record('xishui-county-hospital', needBody());
    const r = await t.ship('xishui-county-hospital', 100);
    expect((await (await t.get('/api/v1/needs?status=met')).json()).data).toHaveLength(1);
    await t.record('xishui-county-hospital', {
      type: 'correction',
      occurredAt: at,
      corrects: r.id,
      reason: 'miscounted',
      replacement: { type: 'receipt', occurredAt: at, transfer: `evt_${r.seq - 1}`, ...goods(40) },
    });
    const board = (await (await t.get('/api/v1/needs')).json()).data;
    expect(board[0]).toMatchObject({ id: n.id, delivered: 40, status: 'open' });
    const [row] = await coverageOf(t, 'groupBy=region');
    expect(row).toMatchObject({ needed: 100, delivered: 40, unmet: 60, unmatched: 0 });
  });

  it('lists by priority then age, filters by region with its descendants, and pages with a cursor', async () => {
    const t = await testApp();
    await t.record(
      'xishui-clinic',
      needBody({
        facility: 'xishui-clinic',
        urgency: '1m',
        importance: 'quality',
        occurredAt: '2026-01-01T00:00:00Z',
      }),
    );
    await t.record(
      'huanggang-hospital',
      needBody({ facility: 'huanggang-hospital', urgency: '24h', occurredAt: '2026-01-03T00:00:00Z' }),
    );
    await t.record(
      'yichang-clinic',
      needBody({ facility: 'yichang-clinic', urgency: '24h', occurredAt: '2026-01-02T00:00:00Z' }),
    );
    const board = (await (await t.get('/api/v1/needs')).json()).data.map(
      (n: { facility: string }) => n.facility,
    );
    expect(board).toEqual(['yichang-clinic', 'huanggang-hospital', 'xishui-clinic']);
    const hg = (await (await t.get('/api/v1/needs?region=421100')).json()).data.map(
      (n: { facility: string }) => n.facility,
    );
    expect(hg).toEqual(['huanggang-hospital', 'xishui-clinic']);
    const first = await (await t.get('/api/v1/needs?limit=2')).json();
    const second = await (await t.get(`/api/v1/needs?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.data, ...second.data].map((n: { facility: string }) => n.facility)).toEqual(board);
    expect(second.nextCursor).toBeNull();
    expect((await t.get('/api/v1/needs?region=999999')).status).toBe(422);
    expect((await t.get('/api/v1/needs?priority=9')).status).toBe(422);
  });
});

describe('GET /api/v1/coverage', () => {
  it.each([
    ['groupBy=colour', 422],
    ['groupBy=region,region', 422],
    ['period=fortnight', 422],
    ['from=2026-13-01', 422],
    ['from=2026-03-01&to=2026-01-01', 422],
    ['region=999999', 422],
    ['region=421125&level=province', 422],
    ['category=toys', 422],
  ])('refuses %s with %i problem+json', async (query, status) => {
    const t = await testApp();
    const res = await t.get(`/api/v1/coverage?${query}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('problem+json');
  });

  it('rolls up: every province equals the sum of its prefectures, which equal the sum of their counties, and coverage stays within [0, 1]', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            at: fc.constantFrom<CastId>(
              'xishui-county-hospital',
              'xishui-clinic',
              'huanggang-hospital',
              'yichang-clinic',
            ),
            q: fc.integer({ min: 1, max: 90 }),
            ship: fc.integer({ min: 0, max: 120 }),
            month: fc.integer({ min: 1, max: 3 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (specs) => {
          const t = await stocked();
          for (const s of specs) {
            await t.record(
              s.at,
              needBody({ facility: s.at, quantity: s.q, occurredAt: `2026-0${s.month}-05T00:00:00Z` }),
            );
            if (s.ship > 0) await t.ship(s.at, s.ship);
          }
          const sum = (rows: Array<Record<string, any>>, key: string) => rows.reduce((a, r) => a + r[key], 0);
          for (const [coarse, fine] of [
            ['province', 'prefecture'],
            ['prefecture', 'county'],
          ] as const) {
            const a = await coverageOf(t, `groupBy=region,period&level=${coarse}`);
            const b = await coverageOf(t, `groupBy=region,period&level=${fine}`);
            for (const key of ['needs', 'needed', 'delivered', 'unmet', 'oversupply', 'responded'])
              expect(sum(a, key)).toBe(sum(b, key));
          }
          for (const r of await coverageOf(
            t,
            'groupBy=region,disease,item,period&level=county&period=week',
          )) {
            if (r.coverage !== null) {
              expect(r.coverage).toBeGreaterThanOrEqual(0);
              expect(r.coverage).toBeLessThanOrEqual(1);
            }
            expect(r.unmet).toBeGreaterThanOrEqual(0);
          }
          const total = specs.reduce((a, s) => a + s.q, 0);
          expect(sum(await coverageOf(t, 'groupBy=period&period=day'), 'needed')).toBe(total);
          // And the cells are a projection: rebuilding gives the same rows.
          const digest = await projectionDigest(t.database);
          await rebuildProjections(t.database, t.catalog, () => {}, 4);
          expect(await projectionDigest(t.database)).toBe(digest);
        },
      ),
      { numRuns: 12 },
    );
  });
});
