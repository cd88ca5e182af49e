/**
 * Historical needs through the API: a need known only as of a date waits until that date, not
 * until today; an update or a close supersedes it; a delivery answers only needs reported
 * before it arrived.
 */
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app.ts';
import { exportedFiles } from '../support/exported-files.ts';

const need = (extra: Record<string, unknown> = {}) => ({
  type: 'need',
  occurredAt: '2020-02-04T00:00:00+08:00',
  facility: 'xishui-county-hospital',
  item: 'n95-respirator',
  quantity: 100,
  urgency: '72h',
  importance: 'life',
  ...extra,
});

type App = Awaited<ReturnType<typeof testApp>>;
const needById = async (t: App, id: string) =>
  ((await (await t.get('/api/v1/needs')).json()).data as Array<Record<string, unknown>>).find(
    (n) => n.id === id,
  );

describe('waiting time of needs', () => {
  it('measures a historical record to its as-of date and a live need to the latest checkpoint', async () => {
    const t = await testApp();
    const history = await t.record('xishui-county-hospital', need({ asOf: '2020-02-20' }));
    const live = await t.record('xishui-county-hospital', need({ occurredAt: '2026-02-20T00:00:00Z' }));
    expect(await needById(t, history.id)).toMatchObject({
      status: 'open',
      asOf: '2020-02-20',
      waitedUntil: '2020-02-20T00:00:00.000Z',
      waitedUntilReason: 'as_of',
      waitedDays: 16,
      waitedHours: 16 * 24 + 8,
    });
    const l = await needById(t, live.id);
    expect(l).toMatchObject({ asOf: null, waitedUntilReason: 'ledger', waitedDays: 9 });
    expect(Date.parse(String(l!.waitedUntil))).toBeGreaterThanOrEqual(Date.parse('2026-03-01T00:00:00Z'));
    // The bulk export says which needs are historical records, and as of when.
    const files = await exportedFiles(t.database);
    try {
      const rows = new Map(files.csv('needs').map((r) => [r.need_id ?? r.id, r]));
      expect(rows.get(history.id)?.as_of).toBe('2020-02-20');
      expect(rows.get(live.id)?.as_of).toBe('');
    } finally {
      files.remove();
    }
  });

  it('stops the wait at a close, and lets a later update supersede the as-of date', async () => {
    const t = await testApp();
    const closed = await t.record('xishui-county-hospital', need({ asOf: '2020-02-20' }));
    await t.record('xishui-county-hospital', {
      type: 'need_close',
      occurredAt: '2020-02-10T00:00:00Z',
      need: closed.id,
      reason: 'met_elsewhere',
    });
    expect(await needById(t, closed.id)).toMatchObject({
      status: 'closed',
      closedAt: '2020-02-10T00:00:00Z',
      waitedUntilReason: 'closed',
      waitedDays: 6,
    });

    const updated = await t.record('xishui-county-hospital', need({ asOf: '2020-02-20' }));
    await t.record('xishui-county-hospital', {
      type: 'need_update',
      occurredAt: '2020-03-01T00:00:00Z',
      need: updated.id,
      quantity: 80,
      asOf: '2020-03-01',
    });
    expect(await needById(t, updated.id)).toMatchObject({
      asOf: '2020-03-01',
      waitedUntil: '2020-03-01T00:00:00.000Z',
      waitedUntilReason: 'as_of',
    });
    await t.record('xishui-county-hospital', {
      type: 'need_update',
      occurredAt: '2026-02-01T00:00:00Z',
      need: updated.id,
      quantity: 60,
    });
    expect(await needById(t, updated.id)).toMatchObject({ asOf: null, waitedUntilReason: 'ledger' });
  });

  it('refuses an as-of date before the need was reported, and writes nothing', async () => {
    const t = await testApp();
    const res = await t.post('xishui-county-hospital', need({ asOf: '2020-02-01' }));
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(JSON.stringify(problem)).toContain('asOf');
    expect((await (await t.get('/api/v1/needs')).json()).data).toEqual([]);
  });

  it('lets a delivery answer only needs reported before it arrived', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: '2020-01-01T00:00:00Z',
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: { item: 'n95-respirator', quantity: 500 },
    });
    const early = await t.record('xishui-county-hospital', need({ occurredAt: '2020-02-01T00:00:00Z' }));
    const late = await t.record(
      'xishui-county-hospital',
      need({ occurredAt: '2020-02-08T00:00:00Z', asOf: '2020-02-20' }),
    );
    const shipment = await t.record('charity', {
      type: 'transfer',
      occurredAt: '2020-02-05T00:00:00Z',
      to: 'xishui-county-hospital',
      goods: { item: 'n95-respirator', quantity: 150 },
      needs: [late.id, early.id],
    });
    await t.record('xishui-county-hospital', {
      type: 'receipt',
      occurredAt: '2020-02-05T00:00:00Z',
      transfer: shipment.id,
      goods: { item: 'n95-respirator', quantity: 150 },
    });
    // Named first, but reported after the goods arrived: it gets nothing.
    expect(await needById(t, early.id)).toMatchObject({
      status: 'met',
      delivered: 100,
      waitedUntilReason: 'met',
    });
    expect(await needById(t, late.id)).toMatchObject({
      status: 'open',
      delivered: 0,
      waitedUntilReason: 'as_of',
    });
  });
});
