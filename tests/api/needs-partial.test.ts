/**
 * Needs as real disclosures publish them: without an amount, reported by a third party, with
 * a source, and dated in the past; and coverage by facility and by need lines.
 */
import { describe, expect, it } from 'vitest';
import { at, testApp, type CastId } from '../support/test-app.ts';

const need = (extra: Record<string, unknown> = {}) => ({
  type: 'need',
  occurredAt: '2026-02-01T08:00:00+08:00',
  facility: 'xishui-county-hospital',
  item: 'n95-respirator',
  urgency: '72h',
  importance: 'life',
  ...extra,
});

async function stocked() {
  const t = await testApp();
  await t.record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'acme-pharma',
    recipient: 'charity',
    goods: { item: 'n95-respirator', quantity: 1_000 },
  });
  const ship = async (to: CastId, quantity: number, when: string) => {
    const s = await t.record('charity', {
      type: 'transfer',
      occurredAt: when,
      to,
      goods: { item: 'n95-respirator', quantity },
    });
    return t.record(to, {
      type: 'receipt',
      occurredAt: when,
      transfer: s.id,
      goods: { item: 'n95-respirator', quantity },
    });
  };
  return { ...t, ship };
}

const needsList = async (t: Awaited<ReturnType<typeof testApp>>) =>
  (await (await t.get('/api/v1/needs')).json()).data as Array<Record<string, any>>;

describe('needs as disclosed', () => {
  it('may omit the amount: an open line, never a quantity of 1, met by the first delivery after stated needs', async () => {
    const t = await stocked();
    const unstated = await t.record('xishui-county-hospital', need());
    const stated = await t.record('xishui-county-hospital', need({ quantity: 30, urgency: '1m' }));
    let rows = await needsList(t);
    expect(rows.find((n) => n.id === unstated.id)).toMatchObject({ quantity: null, status: 'open' });
    const before = (await (await t.get('/api/v1/coverage?groupBy=item&level=county')).json()).data[0];
    expect(before).toMatchObject({
      needed: 30,
      needLines: 2,
      needLinesUnstated: 1,
      needLinesMet: 0,
      lineCoverage: 0,
    });

    await t.ship('xishui-county-hospital', 50, '2026-02-03T08:00:00+08:00');
    rows = await needsList(t);
    // The stated need takes its 30 first; what is left answers the line without an amount.
    expect(rows.find((n) => n.id === stated.id)).toMatchObject({ status: 'met', delivered: 30 });
    expect(rows.find((n) => n.id === unstated.id)).toMatchObject({
      status: 'met',
      delivered: 20,
      quantity: null,
    });
    const after = (await (await t.get('/api/v1/coverage?groupBy=item&level=county')).json()).data[0];
    expect(after).toMatchObject({
      needed: 30,
      delivered: 50,
      coverage: 1,
      oversupply: 0,
      needLinesMet: 2,
      lineCoverage: 1,
    });
  });

  it('may be reported by a third party that names itself, with a source; anyone else is refused', async () => {
    const t = await testApp();
    const body = need({ quantity: 10, reportedBy: 'redcross-hubei', source: 'https://example.org/needs/1' });
    expect((await t.post('redcross-hubei', need({ quantity: 10 }))).status).toBe(403);
    expect((await t.post('charity', body)).status).toBe(422);
    const r = await t.record('redcross-hubei', body);
    expect((await needsList(t)).find((n) => n.id === r.id)).toMatchObject({
      reportedBy: 'redcross-hubei',
      source: 'https://example.org/needs/1',
    });
  });

  it('are answered only by deliveries that arrive after they were reported', async () => {
    const t = await stocked();
    // A delivery of 2020 history recorded now, dated before the need: it answers nothing.
    await t.ship('xishui-county-hospital', 40, '2026-01-20T08:00:00+08:00');
    const n = await t.record(
      'xishui-county-hospital',
      need({ quantity: 10, occurredAt: '2026-01-25T08:00:00+08:00' }),
    );
    expect((await needsList(t)).find((x) => x.id === n.id)).toMatchObject({ status: 'open', delivered: 0 });
    await t.ship('xishui-county-hospital', 10, '2026-01-26T08:00:00+08:00');
    expect((await needsList(t)).find((x) => x.id === n.id)).toMatchObject({ status: 'met', delivered: 10 });
  });

  it('count by facility: groupBy=facility, alone or with item, with names, lines and unmatched units', async () => {
    const t = await stocked();
    await t.record('xishui-county-hospital', need({ quantity: 20 }));
    await t.record('xishui-county-hospital', need({ item: 'surgical-mask' }));
    await t.record('huanggang-hospital', need({ facility: 'huanggang-hospital', quantity: 5 }));
    await t.ship('huanggang-hospital', 8, '2026-02-02T08:00:00+08:00');
    const res = await t.get('/api/v1/coverage?groupBy=facility');
    expect(res.status).toBe(200);
    const rows = (await res.json()).data as Array<Record<string, any>>;
    expect(rows).toEqual([
      expect.objectContaining({
        facility: 'huanggang-hospital',
        facilityName: '黄冈市中心医院',
        needLines: 1,
        needed: 5,
        delivered: 5,
        coverage: 1,
        unmatched: 3,
        oversupply: 3,
      }),
      expect.objectContaining({
        facility: 'xishui-county-hospital',
        region: '421125',
        needLines: 2,
        needLinesUnstated: 1,
        // Respirators and masks: no summed quantity, item by item instead.
        needed: null,
        coverage: null,
        lineCoverage: 0,
        byItem: [
          expect.objectContaining({ item: 'n95-respirator', needLines: 1, needed: 20, coverage: 0 }),
          expect.objectContaining({ item: 'surgical-mask', needLines: 1, needLinesUnstated: 1, needed: 0 }),
        ],
      }),
    ]);
    const byItem = (await (await t.get('/api/v1/coverage?groupBy=facility,item')).json()).data;
    expect(byItem).toHaveLength(3);
    expect((await t.get('/api/v1/coverage?groupBy=facility,period')).status).toBe(422);
  });
});
