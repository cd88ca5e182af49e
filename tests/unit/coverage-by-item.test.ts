/** Folding a group's per-item coverage: line counts add, unlike quantities never do. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyMeasures, foldByItem, type ItemMeasures } from '../../api/domain/coverage-by-item.ts';

const part = (item: string | null, category: string, extra: Partial<ItemMeasures> = {}): ItemMeasures => ({
  ...emptyMeasures(),
  item,
  category,
  ...extra,
});

describe('coverage by item', () => {
  it('keeps the quantities of a one-item row, summed over its parts', () => {
    const f = foldByItem([
      part('n95-respirator', 'protective_equipment', { needs: 1, needed: 10, covered: 4, delivered: 4 }),
      part('n95-respirator', 'protective_equipment', {
        needs: 2,
        needed: 30,
        covered: 30,
        delivered: 35,
        excess: 5,
      }),
    ]);
    expect(f.quantities).toEqual({
      needed: 40,
      delivered: 39,
      coverage: 34 / 40,
      unmet: 6,
      oversupply: 5,
      excess: 5,
      unmatched: 0,
    });
    expect(f.byItem).toHaveLength(1);
  });

  it('gives no summed quantity for masks and ventilators, and lists them, categories last', () => {
    const f = foldByItem([
      part(null, 'medicine', { needs: 1, unstated: 1 }),
      part('surgical-mask', 'protective_equipment', {
        needs: 1,
        needed: 10_000,
        covered: 10_000,
        delivered: 10_000,
        met: 1,
      }),
      part('icu-ventilator', 'device', { needs: 1, needed: 2 }),
    ]);
    expect(Object.values(f.quantities).every((v) => v === null)).toBe(true);
    expect(f.byItem.map((i) => [i.item, i.needed, i.coverage])).toEqual([
      ['icu-ventilator', 2, 0],
      ['surgical-mask', 10_000, 1],
      [null, 0, null],
    ]);
    expect(f.totals).toMatchObject({ needs: 3, met: 1, unstated: 1 });
  });

  it('adds lines, never units: totals of lines equal the sum over items; quantities only for one item (property)', () => {
    const items = ['a', 'b', 'c', null] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            item: fc.constantFrom(...items),
            needs: fc.integer({ min: 0, max: 5 }),
            met: fc.integer({ min: 0, max: 5 }),
            needed: fc.integer({ min: 0, max: 1_000 }),
            covered: fc.integer({ min: 0, max: 1_000 }),
            rt: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (specs) => {
          const parts = specs.map((s) =>
            part(s.item, 'x', {
              needs: s.needs,
              met: Math.min(s.met, s.needs),
              needed: s.needed,
              covered: Math.min(s.covered, s.needed),
              delivered: Math.min(s.covered, s.needed),
              histogram: s.rt,
            }),
          );
          const f = foldByItem(parts);
          expect(f.byItem.reduce((s, i) => s + i.needLines, 0)).toBe(f.totals.needs);
          expect(f.byItem.reduce((s, i) => s + i.needLinesMet, 0)).toBe(f.totals.met);
          expect(f.totals.histogram.reduce((a, b) => a + b, 0)).toBe(
            specs.reduce((s, x) => s + x.rt.reduce((a, b) => a + b, 0), 0),
          );
          const distinct = new Set(specs.map((s) => s.item)).size;
          expect(f.byItem).toHaveLength(distinct);
          if (distinct === 1) expect(f.quantities.needed).toBe(f.byItem[0]!.needed);
          else expect(f.quantities.needed).toBeNull();
          for (const i of f.byItem) if (i.coverage !== null) expect(i.coverage).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
