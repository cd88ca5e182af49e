/**
 * Coverage across items is measured by need lines, never by adding unlike quantities: counting
 * a line in another unit (boxes as pieces, ×k) changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lineCoverage,
  lineCoverageOf,
  meanLineCoverage,
  metShare,
  type NeedLine,
} from '../../api/domain/line-coverage.ts';

const line = fc.record({
  quantity: fc.integer({ min: 1, max: 1_000_000 }),
  delivered: fc.integer({ min: 0, max: 2_000_000 }),
  stated: fc.boolean(),
  met: fc.boolean(),
});

describe('coverage across items', () => {
  it('is the share of needs met and the mean of each need’s own coverage', () => {
    // 241 boxes needed, 241 delivered; 10 vials needed, none; 1,000 pieces needed, 500.
    const c = lineCoverage([
      { quantity: 241, delivered: 241, stated: true, met: true },
      { quantity: 10, delivered: 0, stated: true, met: false },
      { quantity: 1000, delivered: 500, stated: true, met: false },
      { quantity: 0, delivered: 3, stated: false, met: false },
    ]);
    expect(metShare(c)).toBeCloseTo(1 / 4);
    expect(meanLineCoverage(c)).toBeCloseTo((1 + 0 + 0.5) / 3);
    // Summing units would have said (241 + 0 + 500) / 1251 = 59%.
  });

  it('does not change when a need is counted in another unit', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.nat(29),
        fc.integer({ min: 2, max: 1000 }),
        (lines, i, k) => {
          const j = i % lines.length;
          const scaled: NeedLine[] = lines.map((l, n) =>
            n === j ? { ...l, quantity: l.quantity * k, delivered: l.delivered * k } : l,
          );
          const a = lineCoverage(lines);
          const b = lineCoverage(scaled);
          expect(metShare(b)).toBe(metShare(a));
          expect(meanLineCoverage(b)!).toBeCloseTo(meanLineCoverage(a)!, 9);
        },
      ),
    );
  });

  it('stays within 0–1, counts every line once, and averages only lines that stated an amount', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const c = lineCoverage(lines);
        expect(c.lines).toBe(lines.length);
        expect(c.stated).toBe(lines.filter((l) => l.stated).length);
        const share = metShare(c);
        const mean = meanLineCoverage(c);
        if (lines.length === 0) expect(share).toBeNull();
        else expect(share).toBeGreaterThanOrEqual(0), expect(share).toBeLessThanOrEqual(1);
        if (c.stated === 0) expect(mean).toBeNull();
        else expect(mean).toBeGreaterThanOrEqual(0), expect(mean).toBeLessThanOrEqual(1);
      }),
    );
    expect(lineCoverageOf({ quantity: 5, delivered: 9, stated: true })).toBe(1);
    expect(lineCoverageOf({ quantity: 5, delivered: 9, stated: false })).toBeNull();
  });
});
