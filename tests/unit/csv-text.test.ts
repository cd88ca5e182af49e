/**
 * The export's CSV writer against csv-stringify (with the options the export used before it
 * wrote CSV itself) and against csv-parse: the same bytes for any cells, and every text cell
 * reads back as written, but for the leading quote that disarms a formula.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvRows } from '../../api/store/exports/csv-text.ts';

const tricky = fc.constantFrom(
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  ',',
  '"',
  "'",
  '＝',
  '＋',
  '－',
  '＠',
  '中',
  'a',
  ' ',
);
const text = fc.oneof(fc.string(), fc.string({ unit: tricky }), fc.string({ unit: 'grapheme' }));
const cell = fc.oneof(
  text,
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const reference = (rows: unknown[][], columns: string[]) =>
  stringify(rows, {
    bom: true,
    header: true,
    columns,
    escape_formulas: true,
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  });

describe('CSV text of export rows', () => {
  it('is byte for byte what csv-stringify writes with formula escaping, for any cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.array(cell, { minLength: 6, maxLength: 8 })),
        (width, rows) => {
          const columns = Array.from({ length: width }, (_, i) => `c${i}`);
          expect(csvHeader(columns) + csvRows(rows, width)).toBe(reference(rows, columns));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads back as written, a formula-like text cell with one leading quote more', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { minLength: 1 }), (rows) => {
        const back = parse(csvRows(rows, 3), { relax_column_count: false }) as string[][];
        expect(back).toEqual(
          rows.map((r) => r.map((v) => (v !== '' && /^[=+\-@\t\r＝＋－＠]/.test(v) ? `'${v}` : v))),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never changes a number, a negative one included', () => {
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell('-12')).toBe("'-12");
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });
});
