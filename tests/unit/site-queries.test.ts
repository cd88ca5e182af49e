/**
 * The site's read functions on the fixture world: every number they return adds up (gifts
 * to their fates, organizations to what passed through them, Sankey columns to the total),
 * anonymous donors stay anonymous, and a gift page's proof verifies with the browser code.
 */
import { itemStorage } from '../../site/lib/item-storage.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { memoryDatabase, type Database } from '../../api/store/database.ts';
import { recentActivity } from '../../api/store/queries/site-activity.ts';
import { hasLedger, regionsInUse } from '../../api/store/queries/site-catalog.ts';
import { flowPaths, mainMoneyAsset } from '../../api/store/queries/site-flows.ts';
import { giftProof, mostTravelledGifts } from '../../api/store/queries/site-gifts.ts';
import { giftAnswer } from '../../api/store/answers/gift.ts';
import {
  organizationCounterparts,
  organizationMoney,
  publicOrganizations,
} from '../../api/store/queries/site-organizations.ts';
import { overviewTotals } from '../../api/store/queries/site-overview.ts';
import { holdingsByRegion, usesByRegion } from '../../api/store/queries/site-regions.ts';
import { verifyGiftProof } from '../../site/lib/verify-gift.ts';
import { fixtureSigningKeyText, writeFixture } from '../e2e/fixtures/fixture-db.ts';

let database: Database;

beforeAll(async () => {
  database = await memoryDatabase();
  const result = await writeFixture(database);
  expect(result.refused).toEqual([]);
});

describe('overview totals', () => {
  it('splits everything given into states that add up to it, asset by asset', async () => {
    const totals = await overviewTotals(database.db);
    expect(totals.assets.map((a) => a.asset)[0]).toBe('money:CNY');
    for (const a of totals.assets) {
      expect(a.used + a.held + a.inTransit + a.writtenOff + a.lost, a.asset).toBe(a.donated);
      expect(a.passedOn).toBeLessThanOrEqual(a.donated);
    }
    const money = totals.assets.find((a) => a.asset === 'money:CNY')!;
    expect(money.inTransit).toBeGreaterThan(0);
    expect(money.lost).toBeGreaterThan(0);
    // The pledge is apart, and the reversed gift counts for nothing.
    expect(totals.pledges).toEqual([{ asset: 'money:CNY', pledges: 1, amount: 30_000_000 }]);
    const given = await database.client.execute(
      "SELECT sum(amount) AS n FROM donations WHERE kind = 'donation' AND status = 'active' AND asset = 'money:CNY'",
    );
    expect(money.donated).toBe(given.rows[0]!.n);
  });
});

describe('flow paths', () => {
  it('add up to everything given in the main currency', async () => {
    const asset = (await mainMoneyAsset(database.db))!;
    const paths = await flowPaths(database.db, asset);
    const money = (await overviewTotals(database.db)).assets.find((a) => a.asset === asset)!;
    expect(paths.reduce((s, p) => s + p.amount, 0)).toBe(money.donated);
    expect(new Set(paths.map((p) => p.donorKind))).toEqual(new Set(['individual', 'company']));
  });
});

describe('organizations', () => {
  it('conserve what passes through each of them', async () => {
    for (const m of await organizationMoney(database.db)) {
      expect(m.donated + m.received, `${m.id} ${m.asset}`).toBe(m.passedOn + m.used + m.writtenOff + m.held);
    }
  });

  it('hold and use, by region, what they hold and use one by one', async () => {
    const held = await holdingsByRegion(database.db);
    const money = new Map<string, number>();
    for (const o of await publicOrganizations(database.db))
      for (const m of await organizationMoney(database.db, o.id))
        if (m.asset.startsWith('money:')) money.set(m.asset, (money.get(m.asset) ?? 0) + m.used);
    const used = await usesByRegion(database.db);
    for (const [asset, total] of money)
      expect(
        used.filter((u) => u.asset === asset).reduce((s, u) => s + u.used, 0),
        asset,
      ).toBe(total);
    const lots = await database.client.execute(
      `SELECT l.asset AS asset, sum(l.amount) AS amount FROM lots l JOIN organizations o ON o.id = l.holder
       WHERE l.amount > 0 AND o.anonymous = 0 GROUP BY l.asset`,
    );
    for (const r of lots.rows)
      expect(
        held.filter((h) => h.asset === r.asset).reduce((s, h) => s + h.held + h.inTransit, 0),
        String(r.asset),
      ).toBe(Number(r.amount));
  });

  it('are counted on the overview exactly as the list shows them', async () => {
    const { organizations } = await overviewTotals(database.db);
    expect(organizations).toBe((await publicOrganizations(database.db)).length);
  });

  it('never list or name an anonymous organization', async () => {
    expect((await publicOrganizations(database.db)).map((o) => o.id)).not.toContain('donor-private');
    const inflows = await organizationCounterparts(database.db, 'aixin-charity');
    expect(inflows.map((c) => c.counterpart)).not.toContain('donor-private');
    expect(inflows.some((c) => c.direction === 'in' && c.counterpart === null)).toBe(true);
  });

  it('name every region an organization sits in, up to its province', async () => {
    const regions = new Map((await regionsInUse(database.db)).map((r) => [r.code, r]));
    expect(regions.get('421125')?.parent).toBe('421100');
    expect(regions.get('420000')?.level).toBe('province');
  });
});

describe('recent activity', () => {
  it('shows anonymous donors as their kind and marks corrected events', async () => {
    const items = await recentActivity(database.db, 20);
    expect(items[0]!.seq).toBeGreaterThan(items[1]!.seq);
    const lastGift = items.find((i) => i.type === 'donation')!;
    expect(lastGift).toMatchObject({ counterpart: null, anonymousDonorKind: 'individual' });
    expect(items.some((i) => i.reversed && i.correctedBy)).toBe(true);
    expect(items.some((i) => !i.reversed && i.correctedBy)).toBe(true);
    expect(JSON.stringify(items)).not.toContain('donor-private');
  });
});

describe('gift pages', () => {
  it('sample public gifts with the longest trails, and their proofs verify in the browser code', async () => {
    expect(await hasLedger(database.db)).toBe(true);
    const sample = await mostTravelledGifts(database.db, 5);
    expect(sample).toHaveLength(5);
    expect(sample.map((g) => g.hops)).toEqual([...sample.map((g) => g.hops)].sort((a, b) => b - a));
    const anonymous = await database.client.execute(
      'SELECT d.key FROM donations d LEFT JOIN organizations o ON o.id = d.donor WHERE d.anonymous = 1 OR o.anonymous = 1',
    );
    const all = await mostTravelledGifts(database.db, 1_000);
    for (const row of anonymous.rows) expect(all.map((g) => g.key)).not.toContain(row.key);

    const [first] = sample;
    const seq = Number(first!.key.slice(4));
    const proof = await giftProof(database.db, seq - 1);
    const key = verifierKeyFor(fixtureSigningKeyText);
    // The public page's claim: the leaf is this gift's; the donor's: it commits to their code too.
    const gift = { id: first!.key };
    const answer = (await giftAnswer(database.db, first!.key, itemStorage))!;
    const code = (
      await database.client.execute({
        sql: 'SELECT receipt_code FROM donations WHERE key = ?',
        args: [first!.key],
      })
    ).rows[0]!.receipt_code as string;
    const donors = (await giftAnswer(database.db, first!.key, itemStorage, { receiptCode: code }))!;
    expect(answer.receiptCode).toBeUndefined();
    expect(answer.private).toBeUndefined();
    expect(verifyGiftProof(proof, key, gift)).toMatchObject({ ok: true, index: seq - 1, committed: false });
    const claim = { id: donors.id, receiptCode: code, private: donors.private };
    expect(verifyGiftProof(proof, key, claim)).toMatchObject({ ok: true, committed: true });
    expect(verifyGiftProof(proof, key, { ...claim, receiptCode: 'AT-0000-0000-0000' })).toMatchObject({
      ok: false,
      reason: 'code',
    });
    expect(
      verifyGiftProof(proof, key, { ...claim, private: { ...claim.private!, salt: '00'.repeat(32) } }),
    ).toMatchObject({ ok: false, reason: 'code' });
    expect(verifyGiftProof(proof, key, { ...claim, private: undefined })).toMatchObject({
      ok: false,
      reason: 'code',
    });
    expect(verifyGiftProof(proof, key, { id: 'evt_1' })).toMatchObject({ ok: false, reason: 'code' });
    expect(
      verifyGiftProof({ ...proof, leaf: proof.leaf.replace('"amount":', '"amount":1') }, key, gift),
    ).toMatchObject({ ok: false, reason: 'inclusion' });
    expect(
      verifyGiftProof({ ...proof, inclusionProof: proof.inclusionProof.slice(1) }, key, gift),
    ).toMatchObject({ ok: false, reason: 'inclusion' });
    const otherKey = verifierKeyFor(
      generateSigningKey('fixture.aidtrail.test/log', new Uint8Array(32).fill(1)),
    );
    expect(verifyGiftProof(proof, otherKey, gift)).toMatchObject({
      ok: false,
      reason: 'signature',
    });
    expect(verifyGiftProof({ ...proof, checkpoint: null }, key, gift)).toMatchObject({
      ok: false,
      reason: 'noCheckpoint',
    });
  });
});
