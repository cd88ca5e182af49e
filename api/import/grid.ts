/**
 * Stage one, parse: a file becomes sheets of cells, nothing interpreted yet. CSV is decoded
 * (decode.ts) and split by csv-parse; .xlsx and .xls are read by SheetJS. Merged cells are
 * filled with their top-left value, because in the lists people publish a merged cell means
 * "the same for every row it spans".
 */
import * as XLSX from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { decodeText, type TextEncoding } from './decode.ts';

/** A cell as found: text, a number, or a date the spreadsheet stored as one. */
export type Cell = string | number | { date: string } | null;

export interface Sheet {
  name: string;
  rows: Cell[][];
}

export interface ParsedFile {
  format: 'csv' | 'xlsx' | 'xls';
  encoding?: TextEncoding;
  sheets: Sheet[];
}

export const spreadsheetFormat = (path: string): ParsedFile['format'] | undefined => {
  const ext = path.toLowerCase().split('.').pop();
  return ext === 'csv' || ext === 'txt' || ext === 'tsv'
    ? 'csv'
    : ext === 'xlsx' || ext === 'xlsm'
      ? 'xlsx'
      : ext === 'xls'
        ? 'xls'
        : undefined;
};

export function parseCsvText(text: string, delimiter?: string): Cell[][] {
  const first = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  const sep = delimiter ?? (first.split('\t').length > first.split(',').length ? '\t' : ',');
  const rows = parseCsv(text, {
    delimiter: sep,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
  return rows.map((r) => r.map((c) => (c === '' ? null : c)));
}

const pad = (n: number) => String(n).padStart(2, '0');

function sheetRows(ws: XLSX.WorkSheet): Cell[][] {
  const ref = ws['!ref'];
  if (!ref) return [];
  const range = XLSX.utils.decode_range(ref);
  const dense = (ws as unknown as { '!data'?: XLSX.CellObject[][] })['!data'];
  const at = (r: number, c: number): XLSX.CellObject | undefined =>
    dense ? dense[r]?.[c] : ws[XLSX.utils.encode_cell({ r, c })];
  const rows: Cell[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: Cell[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = at(r, c);
      if (!cell || cell.v === undefined || cell.v === null || cell.v === '') row.push(null);
      else if (cell.t === 'd' && cell.v instanceof Date) {
        const d = cell.v;
        row.push({ date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` });
      } else if (
        cell.t === 'n' &&
        cell.z &&
        /[ymd]/i.test(String(cell.z)) &&
        !/^[#0.,%]+$/.test(String(cell.z))
      ) {
        const p = XLSX.SSF.parse_date_code(cell.v as number);
        row.push({ date: `${p.y}-${pad(p.m)}-${pad(p.d)}` });
      } else if (cell.t === 'n') row.push(cell.v as number);
      else if (cell.t === 'b') row.push(cell.v ? 'TRUE' : 'FALSE');
      else row.push(String(cell.v));
    }
    rows.push(row);
  }
  for (const m of ws['!merges'] ?? []) {
    const value = rows[m.s.r - range.s.r]?.[m.s.c - range.s.c] ?? null;
    for (let r = m.s.r; r <= m.e.r; r++)
      for (let c = m.s.c; c <= m.e.c; c++) {
        const row = rows[r - range.s.r];
        if (row && (r !== m.s.r || c !== m.s.c)) row[c - range.s.c] = value;
      }
  }
  return rows;
}

export function parseWorkbook(bytes: Uint8Array): Sheet[] {
  const wb = XLSX.read(bytes, { type: 'buffer', dense: true, cellDates: false, cellNF: true });
  return wb.SheetNames.map((name) => ({ name, rows: sheetRows(wb.Sheets[name]!) }));
}

export function parseFile(
  bytes: Uint8Array,
  format: ParsedFile['format'],
  encoding?: TextEncoding,
): ParsedFile {
  if (format === 'csv') {
    const decoded = decodeText(bytes, encoding);
    return {
      format,
      encoding: decoded.encoding,
      sheets: [{ name: 'csv', rows: parseCsvText(decoded.text) }],
    };
  }
  return { format, sheets: parseWorkbook(bytes) };
}
