/**
 * A table the site shows under a chart and offers as CSV: the same rows feed both, so the
 * download holds exactly the numbers charted. Each cell has its display text (formatted for
 * the page's language) and its raw value (integers in minor units or item units, codes, ids),
 * which is what the CSV carries.
 *
 * CSV follows RFC 4180 with a UTF-8 byte-order mark (so spreadsheets open Chinese correctly)
 * and neutralises spreadsheet formulas: a text cell starting with = + - @ (half- or
 * full-width) or a control character gets a leading apostrophe. Numbers are never altered.
 * Cells are written by the bulk export's own writer, so a page's CSV and a download agree.
 */
import { csvBom, csvCell } from '../../api/store/exports/csv-text.ts';

export type Raw = string | number | boolean | null;

export interface Column {
  /** snake_case field name used as the CSV header. */
  id: string;
  label: string;
  numeric?: boolean;
  /**
   * A column a reader needs first (an amount, what is still needed, urgency, waiting time): on
   * a phone a table with key columns becomes one card per row showing the first column and the
   * key columns, and the rest of the row one tap away.
   */
  key?: boolean;
}

export interface Cell {
  text: string;
  raw: Raw;
  /** A page the cell's text links to (the page's own language). */
  href?: string;
}

export interface Table {
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** A totals row (display only; the CSV has the rows). */
  footer?: string[];
  /** Extra CSV columns (ids and values per row) that are not shown, e.g. codes behind names. */
  csvExtra?: { ids: string[]; rows: Raw[][] };
  /** Whether it may scroll sideways on a phone even with few columns (a column of long lists). */
  scrolls?: boolean;
}

export const cell = (text: string, raw: Raw = text): Cell => ({ text, raw });

/** Tables this wide scroll sideways on a phone, so their scroller takes keyboard focus. */
export const wideTable = (table: Pick<Table, 'columns' | 'scrolls'>): boolean =>
  table.scrolls ?? table.columns.length > 6;
/**
 * How a table reads on a phone: the columns shown on each row's card (the first column, which
 * names the row, and the key columns, in table order) and the rest, behind a disclosure. Null
 * when the table marks no key column (it then scrolls sideways, as any table) or when every
 * column is key (there is nothing to hide).
 */
export function phoneColumns(table: Pick<Table, 'columns'>): { shown: number[]; rest: number[] } | null {
  const shown: number[] = [];
  const rest: number[] = [];
  table.columns.forEach((c, i) => (i === 0 || c.key ? shown : rest).push(i));
  if (shown.length === 1 && !table.columns[0]?.key) return null;
  return rest.length ? { shown, rest } : null;
}

export const linkCell = (text: string, raw: Raw, href: string | undefined): Cell =>
  href ? { text, raw, href } : { text, raw };

export function tableCsv(table: Table): string {
  const header = [...table.columns.map((c) => c.id), ...(table.csvExtra?.ids ?? [])];
  const lines = [header.map(csvCell).join(',')];
  table.rows.forEach((row, i) => {
    lines.push([...row.map((c) => c.raw), ...(table.csvExtra?.rows[i] ?? [])].map(csvCell).join(','));
  });
  return `${csvBom}${lines.join('\r\n')}\r\n`;
}
