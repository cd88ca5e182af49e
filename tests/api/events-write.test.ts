import { describe, expect, it } from 'vitest';
import { at, cny, testApp } from '../support/test-app.ts';

const gift = (extra: Record<string, unknown> = {}) => ({
  type: 'donation',
  occurredAt: at,
  donor: 'donor-li',
  recipient: 'charity',
  money: cny(10_000),
  ...extra,
});

const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as {
    type: string;
    status: number;
    detail: string;
    errors?: Array<{ path: string }>;
    shortfall?: Record<string, number>;
  };
};

describe('POST /api/v1/events', () => {
  it('records a donation and answers 201 with its id, seq, leaf index and receipt code', async () => {
    const t = await testApp();
    const res = await t.post('charity', gift());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ id: 'evt_1', seq: 1, leafIndex: 0 });
    expect(body.receiptCode).toMatch(/^AT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  it('refuses a missing or unknown token with 401 and writes nothing', async () => {
    const t = await testApp();
    const none = await t.app.request('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify(gift()),
      headers: { 'content-type': 'application/json' },
    });
    expect(none.status).toBe(401);
    const wrong = await t.app.request('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify(gift()),
      headers: { 'content-type': 'application/json', authorization: 'Bearer at_nope' },
    });
    expect(wrong.status).toBe(401);
    expect((await problemOf(wrong)).type).toMatch(/unauthorized$/);
    expect((await (await t.get('/api/v1/health')).json()).events).toBe(0);
  });

  it('lets an organization record only as itself (403)', async () => {
    const t = await testApp();
    const res = await t.post('redcross-hubei', gift());
    expect(res.status).toBe(403);
    expect((await problemOf(res)).type).toMatch(/forbidden$/);
  });

  it.each([
    ['a negative amount', gift({ money: cny(-5) }), 'money.amount'],
    [
      'a zero quantity',
      gift({ money: undefined, goods: { item: 'n95-respirator', quantity: 0 } }),
      'goods.quantity',
    ],
    ['a fractional amount', gift({ money: cny(10.5) }), 'money.amount'],
    ['an unknown currency', gift({ money: { currency: 'XYZ', amount: 5 } }), 'money.currency'],
    ['both money and goods', gift({ goods: { item: 'n95-respirator', quantity: 1 } }), 'money'],
    ['a malformed date', gift({ occurredAt: '2026-13-01' }), 'occurredAt'],
    ['an unknown event type', { type: 'gift', occurredAt: at }, 'type'],
    ['an unknown field', gift({ colour: 'red' }), '(body)'],
    ['a malformed region code', gift({ restriction: { region: 'Hubei' } }), 'restriction.region'],
  ])('refuses %s with 422 naming the field', async (_name, body, path) => {
    const t = await testApp();
    const res = await t.post('charity', body);
    expect(res.status).toBe(422);
    const p = await problemOf(res);
    expect(p.errors?.map((e) => e.path)).toContain(path);
  });

  it.each([
    ['an unknown donor', gift({ donor: 'nobody' }), 'donor'],
    [
      'an unknown item',
      gift({ money: undefined, goods: { item: 'unicorn-horn', quantity: 1 } }),
      'goods.item',
    ],
    ['an unknown region', gift({ restriction: { region: '999999' } }), 'restriction.region'],
    ['an unknown disease', gift({ restriction: { disease: 'Z99' } }), 'restriction.disease'],
    ['an unknown appeal', gift({ restriction: { appeal: 'flood-2026' } }), 'restriction.appeal'],
  ])('refuses %s with 422 naming the field', async (_name, body, path) => {
    const t = await testApp();
    const res = await t.post('charity', body);
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.[0]?.path).toBe(path);
  });

  it('refuses malformed JSON with 400 problem+json', async () => {
    const t = await testApp();
    const res = await t.app.request('/api/v1/events', {
      method: 'POST',
      body: '{"type":',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.tokens.charity}` },
    });
    expect(res.status).toBe(400);
    await problemOf(res);
  });

  it('refuses an overdraft with 409 naming the shortfall, and writes nothing', async () => {
    const t = await testApp();
    await t.record('charity', gift());
    const res = await t.post('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'redcross-hubei',
      money: cny(12_500),
    });
    expect(res.status).toBe(409);
    const p = await problemOf(res);
    expect(p.shortfall).toMatchObject({ requested: 12_500, available: 10_000, missing: 2_500 });
    expect((await (await t.get('/api/v1/health')).json()).events).toBe(1);
    const org = await (await t.get('/api/v1/organizations/charity')).json();
    expect(org.holdings).toEqual([
      expect.objectContaining({ state: 'held', asset: { money: { currency: 'CNY', amount: 10_000 } } }),
    ]);
  });

  it('answers a replay with the same Idempotency-Key with the first answer and writes nothing', async () => {
    const t = await testApp();
    const first = await t.post('charity', gift(), { 'idempotency-key': 'k1' });
    const again = await t.post('charity', gift(), { 'idempotency-key': 'k1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect((await (await t.get('/api/v1/health')).json()).events).toBe(1);
  });

  it('refuses the same Idempotency-Key with a different body (422)', async () => {
    const t = await testApp();
    await t.post('charity', gift(), { 'idempotency-key': 'k1' });
    const res = await t.post('charity', gift({ money: cny(1) }), { 'idempotency-key': 'k1' });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).type).toMatch(/idempotency-key-reuse$/);
  });

  it('keeps idempotency keys per organization', async () => {
    const t = await testApp();
    await t.post('charity', gift(), { 'idempotency-key': 'same' });
    const other = await t.post('redcross-hubei', gift({ recipient: 'redcross-hubei' }), {
      'idempotency-key': 'same',
    });
    expect(other.status).toBe(201);
  });

  it('refuses a receipt from anyone but the addressee, twice, or for more than was shipped', async () => {
    const t = await testApp();
    await t.record('charity', gift());
    const ship = await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'redcross-hubei',
      money: cny(4_000),
    });
    expect(
      (await t.post('wuhan-depot', { type: 'receipt', occurredAt: at, transfer: ship.id, money: cny(4_000) }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.post('redcross-hubei', {
          type: 'receipt',
          occurredAt: at,
          transfer: ship.id,
          money: cny(4_001),
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await t.post('redcross-hubei', {
          type: 'receipt',
          occurredAt: at,
          transfer: ship.id,
          money: { currency: 'USD', amount: 4_000 },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await t.post('redcross-hubei', {
          type: 'receipt',
          occurredAt: at,
          transfer: ship.id,
          money: cny(4_000),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.post('redcross-hubei', {
          type: 'receipt',
          occurredAt: at,
          transfer: ship.id,
          money: cny(4_000),
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.post('redcross-hubei', {
          type: 'receipt',
          occurredAt: at,
          transfer: 'evt_999',
          money: cny(1),
        })
      ).status,
    ).toBe(422);
  });
});
