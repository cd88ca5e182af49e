/**
 * Coverage never adds unlike units: masks and ventilators needed in one region give no summed
 * quantity, but line counts and per-item quantities; one item gives its quantities as before.
 */
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app.ts';

const need = (item: string, quantity: number) => ({
  type: 'need',
  occurredAt: '2026-02-01T08:00:00+08:00',
  facility: 'xishui-county-hospital',
  item,
  quantity,
  urgency: '72h',
  importance: 'life',
});

async function masksAndVentilators() {
  const t = await testApp();
  await t.record('charity', {
    type: 'donation',
    occurredAt: '2026-01-01T00:00:00Z',
    donor: 'acme-pharma',
    recipient: 'charity',
    goods: { item: 'surgical-mask', quantity: 10_000 },
  });
  await t.record('xishui-county-hospital', need('surgical-mask', 10_000));
  await t.record('xishui-county-hospital', need('icu-ventilator', 2));
  const shipment = await t.record('charity', {
    type: 'transfer',
    occurredAt: '2026-02-02T08:00:00+08:00',
    to: 'xishui-county-hospital',
    goods: { item: 'surgical-mask', quantity: 10_000 },
  });
  await t.record('xishui-county-hospital', {
    type: 'receipt',
    occurredAt: '2026-02-02T08:00:00+08:00',
    transfer: shipment.id,
    goods: { item: 'surgical-mask', quantity: 10_000 },
  });
  return t;
}

const rows = async (t: Awaited<ReturnType<typeof testApp>>, query: string) => {
  const res = await t.get(`/api/v1/coverage?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()).data as Array<Record<string, any>>;
};

describe('coverage quantities across items', () => {
  it('are null for a row that spans items, with line counts and byItem instead', async () => {
    const t = await masksAndVentilators();
    for (const query of ['groupBy=region', 'groupBy=facility', 'groupBy=disease', 'groupBy=']) {
      const [row] = await rows(t, query);
      // Once 10,002 "units" needed and 99.98 % covered while no ventilator arrived.
      expect(row, query).toMatchObject({
        needed: null,
        delivered: null,
        coverage: null,
        unmet: null,
        oversupply: null,
        needLines: 2,
        needLinesMet: 1,
        lineCoverage: 0.5,
        openNeeds: { p1: 1 },
      });
      expect(row!.byItem, query).toEqual([
        expect.objectContaining({ item: 'icu-ventilator', needed: 2, delivered: 0, coverage: 0, unmet: 2 }),
        expect.objectContaining({
          item: 'surgical-mask',
          needed: 10_000,
          delivered: 10_000,
          coverage: 1,
          unmet: 0,
        }),
      ]);
    }
  });

  it('stay for a row of one item: grouped by item, or filtered to one', async () => {
    const t = await masksAndVentilators();
    expect(await rows(t, 'groupBy=item')).toEqual([
      expect.objectContaining({ item: 'icu-ventilator', needed: 2, coverage: 0 }),
      expect.objectContaining({
        item: 'surgical-mask',
        needed: 10_000,
        coverage: 1,
        byItem: [expect.anything()],
      }),
    ]);
    const [one] = await rows(t, 'groupBy=region&item=icu-ventilator');
    expect(one).toMatchObject({ needed: 2, delivered: 0, unmet: 2, coverage: 0, needLines: 1 });
    // Per-capita quantities follow the same rule (Hubei has a census population).
    const [perCapita] = await rows(t, 'groupBy=region');
    expect(perCapita).toMatchObject({ neededPer100k: null, deliveredPer100k: null });
    expect(perCapita!.population).toBeGreaterThan(0);
  });

  it('still refuses an unknown grouping', async () => {
    const t = await masksAndVentilators();
    const res = await t.get('/api/v1/coverage?groupBy=region,colour');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
