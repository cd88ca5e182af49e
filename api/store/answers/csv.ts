/**
 * CSV text for answers downloaded beside their JSON: UTF-8 with a BOM (spreadsheets then open
 * Chinese correctly) and any cell a spreadsheet would run as a formula neutralised.
 */
type Raw = string | number | boolean | null;

const risky = /^[=+\-@\t\r]/;

function field(value: Raw): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = risky.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvText(header: readonly string[], rows: ReadonlyArray<readonly Raw[]>): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
