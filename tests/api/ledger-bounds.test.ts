/**
 * Amounts and dates bounded to what is real, so that every public sum stays exact and no
 * event can move the clock reads are measured by. These are the cases an attack found: two
 * amounts near 2^53 broke every page that summed them, and one gift dated 9999-12-31 emptied
 * the near-expiry list.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ledgerTotalLimit, maxAmount, recordedMagnitude } from '../../api/domain/amounts.ts';
import { recordedTotalKey } from '../../api/store/outcome-rows.ts';
import { projectionDigest, rebuildProjections } from '../../api/store/rebuild.ts';
import { at, cny, testApp } from '../support/test-app.ts';

const need = (quantity: number, extra: Record<string, unknown> = {}) => ({
  type: 'need',
  occurredAt: at,
  facility: 'huanggang-hospital',
  item: 'insulin-glargine',
  quantity,
  urgency: '72h',
  importance: 'life',
  ...extra,
});
const gift = (amount: number, extra: Record<string, unknown> = {}) => ({
  type: 'donation',
  occurredAt: at,
  donor: 'donor-li',
  recipient: 'charity',
  money: cny(amount),
  ...extra,
});

const recordedTotal = async (t: Awaited<ReturnType<typeof testApp>>) =>
  Number(
    (
      await t.database.client.execute({
        sql: 'SELECT value FROM ledger_meta WHERE key = ?',
        args: [recordedTotalKey],
      })
    ).rows[0]?.value ?? 0,
  );

describe('amounts bounded so that sums stay exact', () => {
  it.each([
    ['money', gift(Number.MAX_SAFE_INTEGER)],
    ['money', gift(maxAmount + 1)],
    ['a need', need(Number.MAX_SAFE_INTEGER)],
  ])('refuses %s above 10^12 with 422, not a 500 later', async (_what, body) => {
    const t = await testApp();
    const as = body.type === 'need' ? 'huanggang-hospital' : 'charity';
    const res = await t.post(as, body);
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].path).toMatch(/amount|quantity/);
  });

  it('answers coverage, outcomes, idle holders and organization pages exactly at the largest amounts', async () => {
    const t = await testApp();
    await t.record('huanggang-hospital', need(maxAmount));
    await t.record('huanggang-hospital', need(maxAmount, { occurredAt: '2026-02-11T08:00:00+08:00' }));
    for (const _ of [1, 2]) {
      await t.record('charity', gift(maxAmount));
      await t.record('charity', {
        type: 'transfer',
        occurredAt: at,
        to: 'huanggang-hospital',
        money: cny(maxAmount),
      });
    }
    for (const path of [
      '/api/v1/coverage?groupBy=region',
      '/api/v1/outcomes?by=region',
      '/api/v1/signals/idle-holders',
      '/api/v1/organizations/charity',
      '/api/v1/organizations/huanggang-hospital',
    ]) {
      const res = await t.get(path);
      expect(res.status, path).toBe(200);
    }
    const coverage = (await (await t.get('/api/v1/coverage?groupBy=region')).json()).data;
    expect(coverage[0].needed).toBe(2 * maxAmount);
    const charity = await (await t.get('/api/v1/organizations/charity')).json();
    expect(JSON.stringify(charity)).not.toContain('e+');
    await rebuildProjections(t.database, t.catalog);
    expect(await recordedTotal(t)).toBe(4 * maxAmount + 2 * maxAmount);
  });

  it('refuses, with 409 and nothing written, an event that would take the ledger past its total', async () => {
    const t = await testApp();
    await t.record('charity', gift(1_000));
    expect(await recordedTotal(t)).toBe(1_000);
    await t.database.client.execute({
      sql: 'UPDATE ledger_meta SET value = ? WHERE key = ?',
      args: [ledgerTotalLimit - 500, recordedTotalKey],
    });
    const res = await t.post('charity', gift(501));
    expect(res.status).toBe(409);
    expect((await res.json()).type).toMatch(/ledger-limit$/);
    expect((await (await t.get('/api/v1/health')).json()).events).toBe(1);
    expect((await t.post('charity', gift(500))).status).toBe(201);
  });

  it('keeps the recorded total identical through a rebuild', async () => {
    const t = await testApp();
    await t.record('charity', gift(7_000));
    await t.record('huanggang-hospital', need(40, { beneficiaries: 12 }));
    await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'huanggang-hospital',
      money: cny(3_000),
    });
    const before = await projectionDigest(t.database);
    expect(await recordedTotal(t)).toBe(7_000 + 40 + 12 + 3_000);
    await rebuildProjections(t.database, t.catalog);
    expect(await projectionDigest(t.database)).toBe(before);
  });

  it('counts every amount, quantity and beneficiary count of a body, replacements included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: maxAmount }), { maxLength: 6 }), (amounts) => {
        const body = {
          type: 'correction',
          replacement: { money: { amount: amounts[0] ?? 0 }, goods: { quantity: amounts[1] ?? 0 } },
          needs: amounts.slice(2).map((a) => ({ beneficiaries: a })),
          seq: 99,
        };
        expect(recordedMagnitude(body)).toBe(amounts.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('documents the bound in the OpenAPI schema', async () => {
    const t = await testApp();
    const doc = JSON.stringify(await (await t.get('/api/v1/openapi.json')).json());
    expect(doc).toContain(`"maximum":${maxAmount}`);
    expect(doc).toContain('2^51');
  });
});

describe('event dates bounded by the clock', () => {
  it.each([
    ['9999-12-31T00:00:00Z', 'occurredAt'],
    ['2026-03-03T00:00:00Z', 'occurredAt'],
    ['1899-12-31T23:59:59Z', 'occurredAt'],
    ['0001-01-01T00:00:00Z', 'occurredAt'],
  ])('refuses an event dated %s with 422 naming the field', async (occurredAt, path) => {
    const t = await testApp();
    const res = await t.post('charity', gift(1, { occurredAt }));
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].path).toBe(path);
    expect((await (await t.get('/api/v1/health')).json()).events).toBe(0);
  });

  it('accepts a date up to a day after it is recorded (time zones), and refuses a far-future replacement', async () => {
    const t = await testApp();
    // The test clock stands at 2026-03-01T00:00Z and ticks a second per call.
    const { id } = await t.record('charity', gift(1, { occurredAt: '2026-03-01T20:00:00+00:00' }));
    const res = await t.post('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: id,
      reason: 'wrong date',
      replacement: gift(1, { occurredAt: '9999-12-31T00:00:00Z' }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].path).toBe('replacement.occurredAt');
  });

  it('measures signals and outcomes by the clock, not by the latest date an event claims', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: '2026-02-20T08:00:00+08:00',
      donor: 'donor-li',
      recipient: 'charity',
      goods: { item: 'insulin-glargine', quantity: 10, expiresOn: '2026-04-01' },
    });
    await t.record('charity', gift(1, { occurredAt: '2026-03-01T23:00:00Z' }));
    for (const path of [
      '/api/v1/signals/near-expiry',
      '/api/v1/outcomes?by=region',
      '/api/v1/signals/idle-holders',
    ]) {
      const body = await (await t.get(path)).json();
      expect(body.asOf, path).toBe('2026-03-01T23:59:59.999Z');
    }
    const expiring = await (await t.get('/api/v1/signals/near-expiry')).json();
    expect(expiring.data).toHaveLength(1);
  });
});
