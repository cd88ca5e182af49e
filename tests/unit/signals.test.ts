import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  distanceTier,
  idleShare,
  matchesPerNeed,
  regionContains,
  scoreMatch,
  suggestMatches,
  type OpenNeed,
  type StockLot,
} from '../../api/domain/signals.ts';

const need = (extra: Partial<OpenNeed> = {}): OpenNeed => ({
  id: 'evt_9',
  facility: 'xishui-county-hospital',
  region: '421125',
  item: 'insulin-glargine',
  category: 'medicine',
  group: 'insulin',
  remaining: 40,
  disease: 'E11',
  appeal: null,
  urgency: '72h',
  beneficiaries: 12,
  ...extra,
});
const lot = (extra: Partial<StockLot> = {}): StockLot => ({
  lot: 1,
  holder: 'charity',
  holderRegion: '110105',
  item: 'insulin-glargine',
  category: 'medicine',
  group: 'insulin',
  coldChain: true,
  lotCode: 'L1',
  expiresOn: '2027-01-01',
  restriction: { region: null, disease: null, appeal: null },
  quantity: 100,
  heldSince: '2025-12-01T00:00:00Z',
  ...extra,
});
const region = fc.constantFrom(
  '420000',
  '421100',
  '421125',
  '421126',
  '420100',
  '110105',
  '110000',
  '620000',
);
const arbLot = fc
  .record({
    lot: fc.nat(1000),
    holder: fc.constantFrom('charity', 'depot', 'xishui-county-hospital'),
    holderRegion: region,
    item: fc.constantFrom('insulin-glargine', 'human-insulin-cartridge', 'metformin-tablets'),
    coldChain: fc.boolean(),
    expiresOn: fc.option(fc.constantFrom('2026-05-01', '2027-01-01'), { nil: null }),
    restriction: fc.record({
      region: fc.option(region, { nil: null }),
      disease: fc.option(fc.constantFrom('E11', 'N18'), { nil: null }),
      appeal: fc.constant(null),
    }),
    quantity: fc.integer({ min: 0, max: 500 }),
  })
  .map(
    (l): StockLot => ({ ...lot(), ...l, group: l.item === 'metformin-tablets' ? 'antidiabetic' : 'insulin' }),
  );

describe('signals', () => {
  it('tiers distance by the GB/T 2260 code: county, prefecture, province, elsewhere', () => {
    expect(distanceTier('421125', '421125')).toBe(1);
    expect(distanceTier('421125', '421126')).toBe(2);
    expect(distanceTier('421125', '420100')).toBe(3);
    expect(distanceTier('421125', '110105')).toBe(4);
    fc.assert(fc.property(region, region, (a, b) => distanceTier(a, b) === distanceTier(b, a)));
  });

  it('reads region containment from the code', () => {
    expect(regionContains('420000', '421125')).toBe(true);
    expect(regionContains('421100', '421125')).toBe(true);
    expect(regionContains('421100', '420100')).toBe(false);
    expect(regionContains('421125', '421126')).toBe(false);
  });

  it('scores urgency weight × fit × beneficiaries ÷ distance tier, halving cold-chain goods that leave their province', () => {
    const far = scoreMatch(need(), lot())!;
    expect(far).toMatchObject({
      urgencyWeight: 3,
      itemFit: 1,
      coldChainFit: 0.5,
      fit: 0.5,
      beneficiaries: 12,
      distanceTier: 4,
    });
    expect(far.score).toBe((3 * 0.5 * 12) / 4);
    const nearby = scoreMatch(need(), lot({ holderRegion: '421100' }))!;
    expect(nearby.score).toBe((3 * 1 * 12) / 2);
    expect(scoreMatch(need(), lot({ item: 'human-insulin-cartridge' }))!.itemFit).toBe(0.5);
    expect(
      scoreMatch(
        need({ item: null, group: null }),
        lot({ item: 'metformin-tablets', group: 'antidiabetic', coldChain: false }),
      )!.itemFit,
    ).toBe(1);
    expect(scoreMatch(need(), lot({ item: 'metformin-tablets', group: 'antidiabetic' }))).toBeNull();
  });

  it("never suggests stock whose restriction the need would breach, nor the facility's own stock", () => {
    expect(
      scoreMatch(need(), lot({ restriction: { region: '620000', disease: null, appeal: null } })),
    ).toBeNull();
    expect(
      scoreMatch(need(), lot({ restriction: { region: '420000', disease: 'E11', appeal: null } })),
    ).not.toBeNull();
    expect(
      scoreMatch(need(), lot({ restriction: { region: null, disease: 'N18', appeal: null } })),
    ).toBeNull();
    expect(
      scoreMatch(need(), lot({ restriction: { region: null, disease: null, appeal: 'flood-2026' } })),
    ).toBeNull();
    expect(scoreMatch(need(), lot({ holder: 'xishui-county-hospital' }))).toBeNull();
  });

  it('suggests at most five compatible lots per need, best first, never more than the need lacks', () => {
    fc.assert(
      fc.property(
        fc.array(arbLot, { maxLength: 30 }),
        fc.integer({ min: 1, max: 300 }),
        (lots, remaining) => {
          const n = need({ remaining });
          const out = suggestMatches(n, lots);
          expect(out.length).toBeLessThanOrEqual(matchesPerNeed);
          expect(out.length).toBe(
            Math.min(matchesPerNeed, lots.filter((l) => scoreMatch(n, l) !== null).length),
          );
          for (let i = 1; i < out.length; i++)
            expect(out[i - 1]!.score).toBeGreaterThanOrEqual(out[i]!.score);
          for (const m of out) {
            expect(m.quantity).toBe(Math.min(m.lot.quantity, remaining));
            expect(m.lot.holder).not.toBe(n.facility);
          }
        },
      ),
    );
  });

  it('counts as idle what arrived before the cut-off and has not left since, oldest leaving first', () => {
    expect(idleShare(1_000, 300)).toEqual({ idle: 700, share: 0.7 });
    expect(idleShare(1_000, 1_500)).toEqual({ idle: 0, share: 0 });
    expect(idleShare(0, 10)).toEqual({ idle: 0, share: null });
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), (r, g) => {
        const { idle, share } = idleShare(r, g);
        expect(Number.isInteger(idle)).toBe(true);
        expect(idle).toBeLessThanOrEqual(r);
        if (share !== null) expect(share >= 0 && share <= 1).toBe(true);
      }),
    );
  });
});
