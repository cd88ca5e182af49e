/**
 * CSV text for answers downloaded beside their JSON, written as the bulk export writes its
 * tables (exports/csv-text.ts): UTF-8 with a BOM, formulas neutralised, half- and full-width alike.
 */
import { csvBom, csvCell } from '../exports/csv-text.ts';

type Raw = string | number | boolean | null;

export function csvText(header: readonly string[], rows: ReadonlyArray<readonly Raw[]>): string {
  return `${csvBom}${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
