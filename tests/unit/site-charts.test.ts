/** The site's chart state modules: pure layout and data maths, checked on small tables. */
import { describe, expect, it } from 'vitest';
import { barsModel } from '../../site/charts/bars-state.ts';
import { partsModel, permilleLabel } from '../../site/charts/parts-state.ts';
import { otherKey, sankeyLayout, sankeyModel } from '../../site/charts/sankey-state.ts';
import { fitText, textWidth } from '../../site/charts/text-fit.ts';
import { donorNode, stateNode, trailGraph, trailLayout } from '../../site/charts/trail-state.ts';

describe('Sankey state', () => {
  const paths = [
    { steps: ['individual', 'charity', '420000', 'used:E11'], amount: 600 },
    { steps: ['individual', 'charity', '510000', 'held'], amount: 250 },
    { steps: ['company', 'foundation', '420000', 'used:E11'], amount: 100 },
    { steps: ['company', 'charity', '530000', 'in_transit'], amount: 50 },
  ];

  it('sums paths into links so that every column adds up to the total', () => {
    const m = sankeyModel(paths, [Infinity, Infinity, Infinity, Infinity]);
    expect(m.total).toBe(1000);
    for (let c = 0; c < 3; c++) {
      const out = m.links.filter((l) => l.source.startsWith(`${c}:`)).reduce((s, l) => s + l.value, 0);
      expect(out).toBe(1000);
    }
    expect(m.links.find((l) => l.source === '2:420000' && l.target === '3:used:E11')!.value).toBe(700);
    expect(m.nodes.find((n) => n.id === '1:charity')!.value).toBe(900);
  });

  it('folds the smallest nodes of a column into "other", never a single one', () => {
    const m = sankeyModel(paths, [Infinity, Infinity, 2, Infinity]);
    const provinces = m.nodes.filter((n) => n.column === 2).map((n) => [n.key, n.value]);
    expect(provinces).toEqual([
      ['420000', 700],
      [otherKey, 300],
    ]);
    // Keeping 3 of 3 keeps all (folding one node would only rename it).
    expect(
      sankeyModel(paths, [Infinity, Infinity, 3, Infinity]).nodes.filter((n) => n.column === 2),
    ).toHaveLength(3);
  });

  it('drops empty and malformed paths', () => {
    const m = sankeyModel(
      [...paths, { steps: ['x'], amount: 5 }, { steps: ['a', 'b', 'c', 'd'], amount: 0 }],
      [9, 9, 9, 9],
    );
    expect(m.total).toBe(1000);
  });

  it('lays nodes out in columns inside the drawing, leaving room for the last labels', () => {
    const layout = sankeyLayout(sankeyModel(paths, [9, 9, 9, 9]), {
      width: 800,
      height: 400,
      labelRoom: 200,
    });
    const xs = [0, 1, 2, 3].map((c) => layout.columnX[c]!);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    for (const n of layout.nodes) {
      expect(n.x1).toBeLessThanOrEqual(600);
      expect(n.y0).toBeGreaterThanOrEqual(28);
      expect(n.y1).toBeLessThanOrEqual(400);
    }
    for (const l of layout.links) expect(l.d).toMatch(/^M[\d.,-]+C[\d.,-]+$/);
  });
});

describe('parts of a whole', () => {
  it('gives shares that add up to exactly 100.0% and segments that tile the bar', () => {
    const m = partsModel(
      [
        { key: 'used', value: 1 },
        { key: 'held', value: 1 },
        { key: 'lost', value: 1 },
        { key: 'in_transit', value: 0 },
      ],
      600,
    );
    expect(m.parts.map((p) => p.key)).toEqual(['used', 'held', 'lost']);
    expect(m.parts.map((p) => p.permille)).toEqual([334, 333, 333]);
    expect(m.parts.reduce((s, p) => s + p.width, 0)).toBe(600);
    expect(m.parts[2]!.x + m.parts[2]!.width).toBe(600);
    expect(permilleLabel(334)).toBe('33.4%');
  });

  it('is empty for nothing', () => {
    expect(partsModel([{ key: 'used', value: 0 }], 600)).toEqual({ total: 0, parts: [] });
  });
});

describe('bars', () => {
  it('scales bars from zero to a round maximum, with ticks in display units', () => {
    const m = barsModel(
      [
        { key: 'a', value: 123_400 },
        { key: 'b', value: 50_000 },
        { key: 'c', value: 0 },
      ],
      { width: 600, labelWidth: 150, valueWidth: 50, tickDivisor: 100 },
    );
    expect(m.plotWidth).toBe(400);
    expect(m.ticks.at(-1)!.value).toBeGreaterThanOrEqual(1_234);
    expect(m.ticks[0]).toEqual({ x: 150, value: 0 });
    expect(m.bars[0]!.width).toBeGreaterThan(m.bars[1]!.width);
    expect(m.bars[2]!.width).toBe(0);
    expect(m.bars.map((b) => b.y)).toEqual([24, 56, 88]);
  });
});

describe('a gift trail', () => {
  const input = {
    edges: [
      { from: 'donor-a', to: 'charity', kind: 'donated', asset: 'money:CNY', amount: 1000 },
      { from: 'charity', to: 'redcross', kind: 'transferred', asset: 'money:CNY', amount: 800 },
      { from: 'redcross', to: 'redcross', kind: 'purchased', asset: 'goods:insulin', amount: 300 },
      { from: 'redcross', to: 'clinic', kind: 'transferred', asset: 'goods:insulin', amount: 300 },
      { from: 'clinic', to: 'redcross', kind: 'returned', asset: 'goods:insulin', amount: 20 },
    ],
    fate: [
      { state: 'used' as const, holder: 'clinic', amount: 280 },
      { state: 'held' as const, holder: 'redcross', amount: 520 },
      { state: 'held' as const, holder: 'charity', amount: 200 },
    ],
  };

  it("draws the donor on the left and the gift's fate on the right, leaving out purchases and returns", () => {
    const g = trailGraph(input);
    expect(g.links[0]).toMatchObject({ source: donorNode, target: 'charity', value: 1000 });
    expect(g.notDrawn.map((e) => e.kind)).toEqual(['purchased', 'returned']);
    const ends = g.links.filter((l) => l.target.startsWith('state:'));
    expect(ends.reduce((s, l) => s + l.value, 0)).toBe(1000);
    expect(ends.find((l) => l.source === 'redcross')!.target).toBe(stateNode('held'));
  });

  it('is as wide as its columns need and puts every state at the right', () => {
    const layout = trailLayout(input, { minWidth: 300, columnWidth: 150, labelRoom: 100 });
    expect(layout.width).toBe(4 * 150 + 100 + 12);
    const right = Math.max(...layout.nodes.map((n) => n.x0));
    for (const n of layout.nodes.filter((x) => x.role === 'state')) expect(n.x0).toBe(right);
    expect(layout.nodes.find((n) => n.id === donorNode)!.layer).toBe(0);
    expect(layout.labelRoom.at(-1)).toBe(92);
  });
});

describe('fitting labels', () => {
  it('counts Chinese characters as one em and shortens what does not fit', () => {
    expect(textWidth('湖北省', 10)).toBe(30);
    expect(fitText('湖北省红十字会', 45, 10)).toBe('湖北省…');
    expect(fitText('Hubei', 200, 13)).toBe('Hubei');
    expect(
      textWidth(fitText('Used: Malignant neoplasm of bronchus and lung', 120, 13), 13),
    ).toBeLessThanOrEqual(120);
  });
});
