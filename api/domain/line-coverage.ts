/**
 * Coverage across different items, without adding unlike units. Boxes of one medicine, vials
 * of another and pieces of a device cannot be summed into one "needed", so a group of need
 * lines of different items is measured by its lines: the share of lines met, and the mean of
 * each line's own coverage (min(delivered, needed) / needed, in that line's unit). Quantities
 * stay per item. A line whose amount was not stated counts as a line (met or not) but has no
 * coverage of its own to average.
 */

export interface NeedLine {
  /** In the line's item unit; ignored when the amount was not stated. */
  quantity: number;
  delivered: number;
  stated: boolean;
  /** Fully met (at some point). */
  met: boolean;
}

export interface LineCoverage {
  lines: number;
  met: number;
  /** Lines with a stated amount: those the mean is taken over. */
  stated: number;
  /** Σ over stated lines of min(delivered, needed) / needed. */
  coverageSum: number;
}

export const emptyLineCoverage = (): LineCoverage => ({ lines: 0, met: 0, stated: 0, coverageSum: 0 });

/** One line's own coverage, 0–1; null when its amount was not stated. */
export function lineCoverageOf(line: Pick<NeedLine, 'quantity' | 'delivered' | 'stated'>): number | null {
  if (!line.stated) return null;
  if (line.quantity <= 0) return 1;
  return Math.min(1, Math.max(0, line.delivered) / line.quantity);
}

/** Adds a line to a running total (in place), and returns it. */
export function addLine(total: LineCoverage, line: NeedLine): LineCoverage {
  total.lines += 1;
  if (line.met) total.met += 1;
  const c = lineCoverageOf(line);
  if (c !== null) {
    total.stated += 1;
    total.coverageSum += c;
  }
  return total;
}

export function lineCoverage(lines: Iterable<NeedLine>): LineCoverage {
  const total = emptyLineCoverage();
  for (const l of lines) addLine(total, l);
  return total;
}

/** The share of need lines met, 0–1; null for no lines. */
export const metShare = (c: Pick<LineCoverage, 'lines' | 'met'>): number | null =>
  c.lines > 0 ? c.met / c.lines : null;

/** The mean of the lines' own coverage, 0–1; null when no line stated an amount. */
export const meanLineCoverage = (c: Pick<LineCoverage, 'stated' | 'coverageSum'>): number | null =>
  c.stated > 0 ? Math.min(1, c.coverageSum / c.stated) : null;
