/**
 * From a sheet and its layout to lines: one per data row of a long table, one per filled item
 * cell of a wide one. Totals rows are left out, and merged or blank cells of the columns that
 * name who, where and when ("同上", "〃", or nothing under a value) take the value above.
 */
import type { Cell } from './grid.ts';
import { isTotalsRow, type Field, type Layout } from './layout.ts';
import { cleanText } from './values.ts';

export interface Line {
  /** 1-based row of the sheet, as a spreadsheet shows it. */
  row: number;
  /** Raw cells by field. */
  cells: Partial<Record<Field, Cell>>;
  /** A wide sheet's column: the item name and its standard. */
  itemColumn?: { name: string; standard: string };
}

const SAME_AS_ABOVE = /^(同上|〃|"|”|ditto|same|do)$/i;
const FILL_DOWN: Field[] = ['organization', 'donor', 'region', 'date', 'reportedBy', 'source'];

export function linesOf(rows: Cell[][], layout: Layout): { lines: Line[]; totals: number[] } {
  const lines: Line[] = [];
  const totals: number[] = [];
  const above: Partial<Record<Field, Cell>> = {};
  for (let r = layout.firstDataRow; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (row.every((c) => cleanText(c) === '')) continue;
    if (isTotalsRow(row)) {
      totals.push(r + 1);
      continue;
    }
    const cells: Partial<Record<Field, Cell>> = {};
    for (const [c, f] of layout.columns) {
      let v = row[c] ?? null;
      const t = cleanText(v);
      if (FILL_DOWN.includes(f) && (t === '' || SAME_AS_ABOVE.test(t))) v = above[f] ?? null;
      else if (SAME_AS_ABOVE.test(t)) v = above[f] ?? null;
      cells[f] = v;
      if (cleanText(v) !== '') above[f] = v;
    }
    if (layout.itemColumns.size === 0) {
      lines.push({ row: r + 1, cells });
      continue;
    }
    for (const [c, itemColumn] of layout.itemColumns) {
      const v = row[c] ?? null;
      const t = cleanText(v);
      if (t === '' || t === '0' || t === '-' || t === '—' || /^(无|否|no)$/i.test(t)) continue;
      lines.push({ row: r + 1, cells: { ...cells, quantity: v }, itemColumn });
    }
  }
  return { lines, totals };
}
