/**
 * A heat map's layout: rows (e.g. diseases) down the left, columns (e.g. regions) across the
 * top with their labels turned up, one cell per pair coloured by its coverage class. Pure, so
 * the geometry is tested on a small grid.
 */
import { coverageClass, type CoverageClass } from './coverage-scale.ts';

export interface HeatCellInput {
  row: string;
  column: string;
  coverage: number | null;
}

export interface HeatCell {
  row: string;
  column: string;
  x: number;
  y: number;
  cls: CoverageClass;
  coverage: number | null;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  cell: number;
  /** x of the first column; the row labels end here. */
  x0: number;
  /** y of the first row; the column labels sit above. */
  y0: number;
  rows: Array<{ key: string; y: number }>;
  columns: Array<{ key: string; x: number }>;
  cells: HeatCell[];
}

export interface HeatmapOptions {
  labelWidth: number;
  headerHeight: number;
  cell?: number;
}

/** Cells missing from the input are pairs where no need was reported. */
export function heatmapLayout(
  rows: readonly string[],
  columns: readonly string[],
  cells: readonly HeatCellInput[],
  opts: HeatmapOptions,
): HeatmapLayout {
  const cell = opts.cell ?? 28;
  const x0 = opts.labelWidth;
  const y0 = opts.headerHeight;
  const at = new Map(cells.map((c) => [`${c.row}\u0000${c.column}`, c.coverage]));
  const placedRows = rows.map((key, i) => ({ key, y: y0 + i * cell }));
  const placedColumns = columns.map((key, j) => ({ key, x: x0 + j * cell }));
  const placed: HeatCell[] = [];
  for (const r of placedRows) {
    for (const c of placedColumns) {
      const coverage = at.get(`${r.key}\u0000${c.key}`) ?? null;
      placed.push({ row: r.key, column: c.key, x: c.x, y: r.y, cls: coverageClass(coverage), coverage });
    }
  }
  // Column labels lean right at 60°: the last one reaches past the grid by up to y0 / tan 60°.
  return {
    width: Math.ceil(x0 + columns.length * cell + y0 * 0.58 + 8),
    height: y0 + rows.length * cell + 4,
    cell,
    x0,
    y0,
    rows: placedRows,
    columns: placedColumns,
    cells: placed,
  };
}
