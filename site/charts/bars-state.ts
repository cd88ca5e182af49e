/**
 * A horizontal bar chart's state: one bar per row, a linear axis from zero with round ticks.
 * Pure, so a test can check the geometry on a three-row table.
 */
import { scaleLinear } from 'd3';

export interface BarRow {
  key: string;
  value: number;
}

export interface BarsOptions {
  width: number;
  /** Room on the left for row labels. */
  labelWidth: number;
  /** Room on the right for value labels. */
  valueWidth?: number;
  barHeight?: number;
  gap?: number;
  /** Above the bars for the axis ticks. */
  axisHeight?: number;
  /** Scale of the axis: amounts are divided by this for the tick labels (100 for fen → yuan). */
  tickDivisor?: number;
  /** A fixed end of the axis (e.g. 1000 ‰ for shares), instead of the largest value rounded up. */
  domainMax?: number;
}

export interface PlacedBar extends BarRow {
  y: number;
  width: number;
}

export interface Tick {
  x: number;
  /** The tick's value in display units (after `tickDivisor`). */
  value: number;
}

export interface BarsModel {
  width: number;
  height: number;
  x0: number;
  plotWidth: number;
  barHeight: number;
  bars: PlacedBar[];
  ticks: Tick[];
}

export function barsModel(rows: readonly BarRow[], opts: BarsOptions): BarsModel {
  const barHeight = opts.barHeight ?? 22;
  const gap = opts.gap ?? 10;
  const axisHeight = opts.axisHeight ?? 24;
  const divisor = opts.tickDivisor ?? 1;
  const x0 = opts.labelWidth;
  const plotWidth = Math.max(40, opts.width - x0 - (opts.valueWidth ?? 110));
  const max = Math.max(0, ...rows.map((r) => r.value)) / divisor;
  const scale =
    opts.domainMax !== undefined
      ? scaleLinear()
          .domain([0, opts.domainMax / divisor])
          .range([0, plotWidth])
      : scaleLinear()
          .domain([0, max || 1])
          .nice(4)
          .range([0, plotWidth]);
  const bars = rows.map((r, i) => ({
    ...r,
    y: axisHeight + i * (barHeight + gap),
    width: Math.max(r.value > 0 ? 1 : 0, Math.round(scale(Math.max(0, r.value) / divisor) * 10) / 10),
  }));
  const ticks = scale.ticks(4).map((value) => ({ x: x0 + Math.round(scale(value) * 10) / 10, value }));
  const height = axisHeight + rows.length * (barHeight + gap);
  return { width: opts.width, height, x0, plotWidth, barHeight, bars, ticks };
}
