import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLargestRemainder } from '../../api/domain/amounts.ts';

describe('largest-remainder split', () => {
  it('always sums to the whole and never strays more than one unit from the exact share', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.nat({ max: 1e12 }), { minLength: 1, maxLength: 40 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = splitLargestRemainder(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(Number.isSafeInteger(p)).toBe(true);
            expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThanOrEqual(1 + 1e-6 * total);
          });
        },
      ),
    );
  });

  it('gives leftover units to the largest remainders, ties to the earlier part', () => {
    expect(splitLargestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitLargestRemainder(100, [1, 2, 3])).toEqual([17, 33, 50]);
    expect(splitLargestRemainder(5, [0, 1])).toEqual([0, 5]);
  });

  it('refuses floats and negatives instead of rounding them away', () => {
    expect(() => splitLargestRemainder(1.5, [1])).toThrow(RangeError);
    expect(() => splitLargestRemainder(1, [-1, 2])).toThrow(RangeError);
    expect(() => splitLargestRemainder(1, [0, 0])).toThrow(RangeError);
  });
});
