/** Where a gift went, by province: shares that add up, holders placed by their region's province. */
import { describe, expect, it } from 'vitest';
import { giftPlaces, placeClass } from '../../site/charts/gift-map-state.ts';

const provinceOf = (region: string) => (region ? `${region.slice(0, 2)}0000` : '');
const nodes = [
  { id: 'donor', region: '110105' },
  { id: 'charity', region: '420100' },
  { id: 'warehouse', region: '420102' },
  { id: 'clinic-a', region: '421122' },
  { id: 'clinic-b', region: '513225' },
  { id: 'nowhere', region: '' },
];

describe('gift places', () => {
  it('sums the parts at holders in each province, largest first, with shares summing to 1000', () => {
    const rows = giftPlaces(
      {
        fate: [
          { holder: 'clinic-a', amount: 500 },
          { holder: 'clinic-b', amount: 300 },
          { holder: 'warehouse', amount: 150 },
          { holder: 'clinic-a', amount: 50 },
          { holder: 'nowhere', amount: 1 },
        ],
        nodes,
      },
      provinceOf,
    );
    expect(rows.map((r) => [r.province, r.amount])).toEqual([
      ['420000', 700],
      ['510000', 300],
      ['', 1],
      ['110000', 0],
    ]);
    expect(rows.reduce((s, r) => s + r.permille, 0)).toBe(1000);
    expect(rows[0]!.holders).toEqual(['clinic-a', 'warehouse']);
    // The charity passed it on: it is on the trail in Hubei but holds none of it.
    expect(rows[0]!.passedHolders).toEqual(['charity']);
    expect(rows[3]).toMatchObject({ province: '110000', permille: 0, holders: [], passedHolders: ['donor'] });
  });

  it('classes provinces by share, and tells "passed through" from "not reached"', () => {
    expect(placeClass(undefined)).toBe('none');
    expect(placeClass({ amount: 0, permille: 0 })).toBe('passed');
    expect(placeClass({ amount: 1, permille: 0 })).toBe('s0');
    expect(placeClass({ amount: 5, permille: 99 })).toBe('s0');
    expect(placeClass({ amount: 5, permille: 100 })).toBe('s1');
    expect(placeClass({ amount: 5, permille: 250 })).toBe('s2');
    expect(placeClass({ amount: 5, permille: 500 })).toBe('s3');
    expect(placeClass({ amount: 5, permille: 1000 })).toBe('s3');
  });

  it('has no rows for a gift with no parts and no trail', () => {
    expect(giftPlaces({ fate: [], nodes: [] }, provinceOf)).toEqual([]);
  });
});
