/**
 * Parts of a whole, as one stacked bar: where a gift (or all gifts of one kind) is now. The
 * shares shown are per mille split by the largest-remainder method, the same rule the ledger
 * uses to split amounts, so the printed percentages always add up to exactly 100.0%.
 */
import { splitLargestRemainder } from '../../api/domain/amounts.ts';

export interface Part {
  key: string;
  value: number;
}

export interface PlacedPart extends Part {
  /** Share of the whole in tenths of a percent (all parts sum to 1000). */
  permille: number;
  x: number;
  width: number;
}

export interface PartsModel {
  total: number;
  parts: PlacedPart[];
}

/** Lays `parts` (non-negative integers; zero parts are dropped) along a bar `width` wide. */
export function partsModel(parts: readonly Part[], width: number): PartsModel {
  const shown = parts.filter((p) => p.value > 0);
  const total = shown.reduce((s, p) => s + p.value, 0);
  if (total === 0) return { total: 0, parts: [] };
  const permille = splitLargestRemainder(
    1000,
    shown.map((p) => p.value),
  );
  // Pixel widths by the same rule, so the segments tile the bar with no gap or overlap.
  const widths = splitLargestRemainder(
    Math.round(width),
    shown.map((p) => p.value),
  );
  let x = 0;
  return {
    total,
    parts: shown.map((p, i) => {
      const placed = { ...p, permille: permille[i]!, x, width: widths[i]! };
      x += widths[i]!;
      return placed;
    }),
  };
}

/** "45.7%" from per mille, without floating-point surprises. */
export const permilleLabel = (permille: number, decimalSeparator = '.') =>
  `${Math.floor(permille / 10)}${decimalSeparator}${permille % 10}%`;

/**
 * A part's share of a whole from its per mille, never saying "0.0%" of a part that is not
 * nothing nor "100.0%" of a part that is not everything: "<0.1%" and ">99.9%" instead.
 */
export function shareLabel(permille: number, part: number, whole: number, decimalSeparator = '.'): string {
  if (part > 0 && permille < 1) return `<0${decimalSeparator}1%`;
  if (part < whole && permille >= 1000) return `>99${decimalSeparator}9%`;
  return permilleLabel(permille, decimalSeparator);
}
