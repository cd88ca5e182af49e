/**
 * CSV text of export rows: UTF-8 with a BOM (so spreadsheets open Chinese correctly), a header
 * row, `,` between cells and `\n` after every row; a cell holding `,` `"` CR or LF is quoted,
 * its quotes doubled (RFC 4180). Spreadsheet formula injection is neutralised (OWASP CSV
 * injection): a text cell starting with = + - @ tab or CR, or their full-width forms, gets a
 * leading '. Numbers are never changed, so a negative amount stays a number.
 *
 * Written out here, on the thread that reads the rows, because a general CSV library's
 * per-cell options and per-row stream writes made CSV the slowest part of an export.
 */

const formulaStarts = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0xff1d, 0xff0b, 0xff0d, 0xff20]);
const needsQuotes = /[",\r\n]/;

export const csvBom = '\uFEFF';

/** One cell: empty for null, numbers as JavaScript writes them, booleans as true/false. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === '') return text;
  if (formulaStarts.has(text.charCodeAt(0))) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header row, BOM first. */
export const csvHeader = (columns: readonly string[]) => `${csvBom}${csvRows([columns], columns.length)}`;

/** The first `width` values of each row (later values are ignored), one line each. */
export function csvRows(rows: readonly (readonly unknown[])[], width: number): string {
  let text = '';
  for (const row of rows) {
    let line = csvCell(row[0]);
    for (let i = 1; i < width; i++) line += `,${csvCell(row[i])}`;
    text += `${line}\n`;
  }
  return text;
}
