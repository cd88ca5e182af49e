import { describe, expect, it } from 'vitest';
import { evaluateGoods, evaluateNeeds } from '../../api/domain/outcomes.ts';
import { cny, testApp } from '../support/test-app.ts';

const sets = (quantity: number) => ({ goods: { item: 'hemodialysis-bloodline-set', quantity } });
const appeal = 'hubei-dialysis-2026';

async function appealWorld() {
  const t = await testApp();
  await t.record('charity', {
    type: 'appeal',
    occurredAt: '2025-12-20T09:00:00+08:00',
    appeal,
    titleZh: '湖北透析援助',
    titleEn: 'Hubei dialysis aid',
    region: '420000',
    disease: 'N18',
  });
  await t.record('charity', {
    type: 'donation',
    occurredAt: '2026-01-01T09:00:00+08:00',
    donor: 'acme-pharma',
    recipient: 'charity',
    ...sets(100),
    restriction: { appeal },
  });
  await t.record('charity', {
    type: 'donation',
    occurredAt: '2026-01-01T10:00:00+08:00',
    donor: 'donor-li',
    recipient: 'charity',
    money: cny(1_000),
    restriction: { appeal },
  });
  const need = await t.record('xishui-county-hospital', {
    type: 'need',
    occurredAt: '2026-02-01T08:00:00+08:00',
    facility: 'xishui-county-hospital',
    item: 'hemodialysis-bloodline-set',
    quantity: 50,
    disease: 'N18',
    urgency: '72h',
    importance: 'life',
    beneficiaries: 30,
    appeal,
  });
  const a = await t.record('charity', {
    type: 'transfer',
    occurredAt: '2026-02-01T12:00:00+08:00',
    to: 'xishui-county-hospital',
    ...sets(60),
    needs: [need.id],
  });
  await t.record('xishui-county-hospital', {
    type: 'receipt',
    occurredAt: '2026-02-02T10:00:00+08:00',
    transfer: a.id,
    ...sets(60),
  });
  const b = await t.record('charity', {
    type: 'transfer',
    occurredAt: '2026-02-03T12:00:00+08:00',
    to: 'huanggang-hospital',
    ...sets(30),
  });
  await t.record('huanggang-hospital', {
    type: 'receipt',
    occurredAt: '2026-02-04T10:00:00+08:00',
    transfer: b.id,
    ...sets(25),
  });
  const v = t.catalog.item('hemodialysis-bloodline-set')!.typicalUnitValueMinor;
  return { ...t, v };
}

const outcomesOf = async (t: Awaited<ReturnType<typeof testApp>>, query: string) => {
  const res = await t.get(`/api/v1/outcomes?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { rule: string; asOf: string; data: Array<Record<string, any>> };
};

describe('outcome evaluation', () => {
  it('judges only needs that were met or whose window has closed, and ranks response times by nearest rank', () => {
    const o = evaluateNeeds(
      [
        {
          urgency: '24h',
          reportedAt: '2026-01-01T00:00:00Z',
          firstDeliveryAt: '2026-01-01T02:00:00Z',
          metAt: '2026-01-01T02:00:00Z',
        },
        {
          urgency: '24h',
          reportedAt: '2026-01-01T00:00:00Z',
          firstDeliveryAt: '2026-01-03T00:00:00Z',
          metAt: '2026-01-03T00:00:00Z',
        },
        { urgency: '1m', reportedAt: '2026-01-09T00:00:00Z', firstDeliveryAt: null, metAt: null },
        {
          urgency: 'immediate',
          reportedAt: '2026-01-01T00:00:00Z',
          firstDeliveryAt: '2026-01-01T01:00:00Z',
          metAt: null,
        },
      ],
      '2026-01-10T00:00:00Z',
    );
    expect(o).toMatchObject({
      needs: 4,
      met: 2,
      judged: 3,
      metWithinWindow: 1,
      shareMetWithinWindow: 1 / 3,
      responseMinutesP50: 120,
      responseMinutesP90: 2 * 24 * 60,
    });
    expect(o.responseDistribution).toMatchObject({
      within6h: 2,
      within24h: 0,
      within72h: 1,
      noDeliveryYet: 1,
    });
    expect(
      evaluateGoods([
        { receivedBeforeCutoff: 100, received: 150, gone: 130, lost: 15 },
        { receivedBeforeCutoff: 50, received: 50, gone: 0, lost: 0 },
      ]),
    ).toEqual({ receivedValue: 200, idleValue: 50, idleShare: 50 / 150, lostValue: 15, lossShare: 15 / 200 });
  });

  it('evaluates each province: needs met in their window, response times, idle and loss by worth', async () => {
    const t = await appealWorld();
    const body = await outcomesOf(t, 'by=region&level=province&asOf=2026-03-01T00:00:00Z');
    expect(body.rule).toContain('nearest-rank');
    const hubei = body.data.find((r) => r.region === '420000')!;
    expect(hubei).toMatchObject({
      nameZh: '湖北省',
      needs: 1,
      met: 1,
      judged: 1,
      metWithinWindow: 1,
      shareMetWithinWindow: 1,
      responseMinutesP50: 26 * 60,
      receivedValue: 90 * t.v,
      lostValue: 5 * t.v,
      lossShare: 5 / 90,
    });
    expect(hubei.responseDistribution.within72h).toBe(1);
    const beijing = body.data.find((r) => r.region === '110000')!;
    expect(beijing).toMatchObject({
      needs: 0,
      receivedValue: 100 * t.v,
      idleValue: 10 * t.v,
      idleShare: 0.1,
    });
    const byPrefecture = await outcomesOf(t, 'by=region&level=prefecture&asOf=2026-03-01T00:00:00Z');
    expect(byPrefecture.data.find((r) => r.region === '421100')).toMatchObject({
      needs: 1,
      receivedValue: 90 * t.v,
    });
  });

  it('evaluates each appeal over the gifts restricted to it', async () => {
    const t = await appealWorld();
    const body = await outcomesOf(t, 'by=appeal&asOf=2026-03-01T00:00:00Z');
    expect(body.data).toEqual([
      expect.objectContaining({
        appeal,
        nameEn: 'Hubei dialysis aid',
        needs: 1,
        met: 1,
        receivedValue: 190 * t.v,
        idleValue: 10 * t.v,
        idleShare: 0.1,
        lostValue: 5 * t.v,
        lossShare: 5 / 190,
      }),
    ]);
  });

  it('lists appeals with what was given toward them and the needs that named them', async () => {
    const t = await appealWorld();
    const res = await t.get('/api/v1/appeals');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.nextCursor).toBeNull();
    expect(body.data).toEqual([
      expect.objectContaining({
        id: appeal,
        titleZh: '湖北透析援助',
        region: '420000',
        disease: 'N18',
        openedBy: 'charity',
        needs: 1,
        needsMet: 1,
        given: [
          { asset: 'goods:hemodialysis-bloodline-set', amount: 100, gifts: 1 },
          { asset: 'money:CNY', amount: 1_000, gifts: 1 },
        ],
      }),
    ]);
  });

  it('refuses unknown groupings, levels, instants and cursors with problem details', async () => {
    const t = await testApp();
    for (const path of [
      '/api/v1/outcomes?by=donor',
      '/api/v1/outcomes?level=street',
      '/api/v1/outcomes?asOf=soon',
      '/api/v1/appeals?cursor=xyz',
      '/api/v1/appeals?limit=0',
    ]) {
      const res = await t.get(path);
      expect(res.status, path).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await outcomesOf(t, 'by=region')).data).toEqual([]);
  });
});
