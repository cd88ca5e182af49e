/**
 * Opening balances through the write API: recorded by the holder itself, validated, public in
 * the log like any event, and shown as "provenance unknown" in the holder's holdings while the
 * gifts pooled with it are followed exactly.
 */
import { describe, expect, it } from 'vitest';
import { stockReports } from '../../api/store/answers/stock-reports.ts';
import { at, cny, testApp } from '../support/test-app.ts';

const masks = (quantity: number) => ({ goods: { item: 'n95-respirator', quantity } });
const opening = (extra: Record<string, unknown> = {}) => ({
  type: 'opening_balance',
  occurredAt: at,
  asOf: '2026-02-01',
  source: 'https://example.org/disclosures/2026-02-01',
  ...masks(20_000),
  ...extra,
});

interface HoldingRow {
  state: string;
  asset: { goods?: { quantity: number }; money?: { amount: number } };
  provenanceUnknown: boolean;
}

describe('opening_balance through POST /api/v1/events', () => {
  it('records stock (201) that hand-outs refused for lack of it (409) can then draw on', async () => {
    const t = await testApp();
    const handOut = { type: 'transfer', occurredAt: at, to: 'xishui-clinic', ...masks(5_000) };
    expect((await t.post('huanggang-hospital', handOut)).status).toBe(409);
    const res = await t.post('huanggang-hospital', opening());
    expect(res.status).toBe(201);
    const answer = await res.json();
    expect(answer).toMatchObject({ id: 'evt_1', seq: 1, leafIndex: 0 });
    expect(answer.receiptCode).toBeUndefined();
    expect((await t.post('huanggang-hospital', handOut)).status).toBe(201);
    const holdings = (await (await t.get('/api/v1/organizations/huanggang-hospital')).json())
      .holdings as HoldingRow[];
    expect(holdings).toEqual([expect.objectContaining({ state: 'held', provenanceUnknown: true })]);
    expect(holdings[0]!.asset.goods!.quantity).toBe(15_000);
    // A holder's daily stock report opens with it too, so on hand is what it holds.
    expect(await stockReports(t.database.client, 'huanggang-hospital')).toEqual([
      { date: '2026-02-10', item: 'n95-respirator', in: 20_000, out: 5_000, onHand: 15_000 },
    ]);
  });

  it.each([
    ['asOf after the day it occurred', opening({ asOf: '2026-02-11' }), 'asOf'],
    ['no source', opening({ source: undefined }), 'source'],
    ['a source over 500 characters', opening({ source: 's'.repeat(501) }), 'source'],
    ['no asset', opening({ goods: undefined }), 'money'],
    ['a zero quantity', opening(masks(0)), 'goods.quantity'],
    ['an unknown field', opening({ donor: 'donor-li' }), '(body)'],
  ])('refuses %s with 422 naming the field, and writes nothing', async (_what, body, path) => {
    const t = await testApp();
    const res = await t.post('charity', body);
    expect(res.status).toBe(422);
    const p = (await res.json()) as { errors?: Array<{ path: string }> };
    expect(p.errors?.map((e) => e.path)).toContain(path);
    expect((await (await t.get('/api/v1/health')).json()).events).toBe(0);
  });

  it('refuses stock recorded for another holder (403)', async () => {
    const t = await testApp();
    const res = await t.post('charity', opening({ holder: 'huanggang-hospital' }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { type: string }).type).toMatch(/forbidden$/);
    expect((await t.post('charity', opening({ holder: 'charity' }))).status).toBe(201);
  });

  it('publishes its leaf with the source and keeps a note private unless marked public', async () => {
    const t = await testApp();
    await t.record('charity', opening({ note: '仓库盘点，内部', money: cny(5_000), goods: undefined }));
    await t.record('charity', opening({ note: '见年报第 3 页', notePublic: true }));
    const lines = (await (await t.get('/api/v1/log/entries?start=0&end=2')).text()).trim().split('\n');
    const [hidden, shown] = lines.map(
      (l) => JSON.parse(l) as { event: Record<string, unknown>; private?: string },
    );
    expect(hidden!.event).toMatchObject({ type: 'opening_balance', asOf: '2026-02-01', money: cny(5_000) });
    expect(hidden!.event.source).toBe('https://example.org/disclosures/2026-02-01');
    expect(hidden!.event.note).toBeUndefined();
    expect(hidden!.private).toMatch(/^[0-9a-f]{64}$/);
    expect(shown!.event.note).toBe('见年报第 3 页');
  });

  it('follows a gift pooled with an opening balance exactly, and lets the rest read as provenance unknown', async () => {
    const t = await testApp();
    await t.record('charity', opening({ money: cny(70_000), goods: undefined }));
    const gift = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(30_000),
    });
    const sent = await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'huanggang-hospital',
      money: cny(80_000),
    });
    await t.record('huanggang-hospital', {
      type: 'receipt',
      occurredAt: at,
      transfer: sent.id,
      money: cny(80_000),
    });
    await t.record('huanggang-hospital', {
      type: 'use',
      occurredAt: at,
      money: cny(75_000),
      disease: 'J18',
      beneficiaries: 40,
    });
    const answer = await (await t.get(`/api/v1/donations/${gift.receiptCode}`)).json();
    const parts = answer.fate as Array<{ state: string; holder: string; amount: number }>;
    expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(30_000);
    expect(parts.map((p) => [p.state, p.holder, p.amount])).toEqual([
      ['used', 'huanggang-hospital', 5_000],
      ['held', 'charity', 20_000],
      ['held', 'huanggang-hospital', 5_000],
    ]);
    // The unknown 70,000 went first and was used first: every unit the hospital holds is the gift's.
    const holdings = (await (await t.get('/api/v1/organizations/huanggang-hospital')).json())
      .holdings as HoldingRow[];
    expect(holdings.map((h) => [h.provenanceUnknown, h.asset.money!.amount])).toEqual([[false, 5_000]]);
  });

  it('is reversed by a correction of its recorder while its units are still held', async () => {
    const t = await testApp();
    const stock = await t.record('charity', opening());
    await t.record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: stock.id,
      reason: 'wrong date',
      replacement: opening({ ...masks(900) }),
    });
    let holdings = (await (await t.get('/api/v1/organizations/charity')).json()).holdings as HoldingRow[];
    expect(holdings.map((h) => h.asset.goods!.quantity)).toEqual([900]);
    await t.record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: stock.id,
      reason: 'not ours',
      reverse: true,
    });
    holdings = (await (await t.get('/api/v1/organizations/charity')).json()).holdings as HoldingRow[];
    expect(holdings).toEqual([]);
  });
});
