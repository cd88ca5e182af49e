/**
 * Coverage measures of a group of need lines, kept honest about units. Quantities are in each
 * item's unit (boxes, vials, pieces; a whole-category need counts units of whatever arrives),
 * so they add up only within one item: a row that spans several items has no summed
 * quantity — its needed, delivered, coverage, unmet and oversupply are null — and lists its
 * quantities item by item instead. Line counts (lines, lines met, lines without an amount),
 * open needs by priority and response times count lines, not units, so they add across items.
 */

export interface CoverageMeasures {
  needs: number;
  needed: number;
  covered: number;
  delivered: number;
  excess: number;
  unmatched: number;
  open: [number, number, number, number];
  responded: number;
  metInWindow: number;
  unstated: number;
  met: number;
  /** Response times: lines per histogram bucket (see needs.ts responseBucket). */
  histogram: number[];
}

/** The measures of one item (or one whole-category need, item null) within a group. */
export interface ItemMeasures extends CoverageMeasures {
  item: string | null;
  category: string;
}

export const emptyMeasures = (): CoverageMeasures => ({
  needs: 0,
  needed: 0,
  covered: 0,
  delivered: 0,
  excess: 0,
  unmatched: 0,
  open: [0, 0, 0, 0],
  responded: 0,
  metInWindow: 0,
  unstated: 0,
  met: 0,
  histogram: [],
});

export function sumMeasures(parts: readonly CoverageMeasures[]): CoverageMeasures {
  const t = emptyMeasures();
  for (const p of parts) {
    t.needs += p.needs;
    t.needed += p.needed;
    t.covered += p.covered;
    t.delivered += p.delivered;
    t.excess += p.excess;
    t.unmatched += p.unmatched;
    for (let i = 0; i < 4; i++) t.open[i]! += p.open[i]!;
    t.responded += p.responded;
    t.metInWindow += p.metInWindow;
    t.unstated += p.unstated;
    t.met += p.met;
    p.histogram.forEach((n, i) => {
      t.histogram[i] = (t.histogram[i] ?? 0) + n;
    });
  }
  for (let i = 0; i < t.histogram.length; i++) t.histogram[i] ??= 0;
  return t;
}

/** Quantity measures in one unit: what the contract's coverage row calls them. */
export interface Quantities {
  needed: number;
  delivered: number;
  /** Σ min(delivered, needed) / Σ needed, 0–1; null when no amount was stated. */
  coverage: number | null;
  unmet: number;
  oversupply: number;
  excess: number;
  unmatched: number;
}

export const quantitiesOf = (m: CoverageMeasures): Quantities => ({
  needed: m.needed,
  delivered: m.delivered,
  coverage: m.needed > 0 ? Math.min(1, m.covered / m.needed) : null,
  unmet: m.needed - m.covered,
  oversupply: m.excess + m.unmatched,
  excess: m.excess,
  unmatched: m.unmatched,
});

/** Quantities of a row: its own when it holds one item, null when unlike units would be added. */
export type RowQuantities = { [K in keyof Quantities]: Quantities[K] | null };

export interface ItemLine extends Quantities {
  item: string | null;
  category: string;
  needLines: number;
  needLinesUnstated: number;
  needLinesMet: number;
}

export interface ByItem {
  totals: CoverageMeasures;
  quantities: RowQuantities;
  /** One entry per item (or whole category), by item id, categories last. */
  byItem: ItemLine[];
}

const itemKey = (p: Pick<ItemMeasures, 'item' | 'category'>) => `${p.item ?? ''}\u0000${p.category}`;

/** Folds a group's per-item measures into the group's row. */
export function foldByItem(parts: readonly ItemMeasures[]): ByItem {
  const items = new Map<string, ItemMeasures[]>();
  for (const p of parts) items.set(itemKey(p), [...(items.get(itemKey(p)) ?? []), p]);
  const byItem = [...items.values()]
    .map((same) => {
      const m = sumMeasures(same);
      return {
        item: same[0]!.item,
        category: same[0]!.category,
        needLines: m.needs,
        needLinesUnstated: m.unstated,
        needLinesMet: m.met,
        ...quantitiesOf(m),
      };
    })
    .sort(
      (a, b) =>
        Number(a.item === null) - Number(b.item === null) ||
        (a.item ?? '').localeCompare(b.item ?? '') ||
        a.category.localeCompare(b.category),
    );
  const totals = sumMeasures(parts);
  const quantities: RowQuantities =
    byItem.length === 1
      ? quantitiesOf(totals)
      : {
          needed: null,
          delivered: null,
          coverage: null,
          unmet: null,
          oversupply: null,
          excess: null,
          unmatched: null,
        };
  return { totals, quantities, byItem };
}
