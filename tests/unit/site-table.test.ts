/** The CSV behind every chart: the table's raw values, RFC 4180, with formulas neutralised. */
import { describe, expect, it } from 'vitest';
import { cell, tableCsv, type Table } from '../../site/lib/table.ts';

describe('table CSV', () => {
  const table: Table = {
    title: 't',
    columns: [
      { id: 'name', label: '名称' },
      { id: 'amount_minor', label: '金额', numeric: true },
    ],
    rows: [
      [cell('爱心, "基金会"'), cell('¥1,234.56', 123_456)],
      [cell('=HYPERLINK("x")'), cell('-¥0.05', -5)],
      [cell('@sum'), cell('', null)],
      [cell('＝SUM(A1)'), cell('＋1', '＋1')],
    ],
    csvExtra: { ids: ['currency'], rows: [['CNY'], ['CNY'], ['CNY'], ['CNY']] },
  };

  it('writes raw values under snake_case headers, with a byte-order mark and CRLF', () => {
    const csv = tableCsv(table);
    expect(csv.startsWith('\uFEFFname,amount_minor,currency\r\n')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('"爱心, ""基金会""",123456,CNY');
  });

  it('neutralises spreadsheet formulas in text but never touches numbers', () => {
    const lines = tableCsv(table).split('\r\n');
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"")",-5,CNY`);
    expect(lines[3]).toBe("'@sum,,CNY");
    // Full-width signs start formulas too in some spreadsheets.
    expect(lines[4]).toBe("'＝SUM(A1),'＋1,CNY");
  });
});
