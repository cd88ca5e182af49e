/**
 * A chart's table view, with the download of the same rows as CSV. Rendered to HTML at build
 * time on static pages, and in the browser by the gift lookup (which links the CSV as a data
 * URL, since there is no file to point to).
 *
 * A table that marks key columns (lib/table.ts phoneColumns) reads as cards on a phone: each
 * row shows its first column and its key columns, labelled, and the rest of the row in a
 * native disclosure, so nothing needs scrolling sideways and it works without JavaScript. On a
 * wide screen the same markup is an ordinary table (the disclosure cell is not shown).
 */
import type { ReactNode } from 'react';
import { phoneColumns, tableCsv, wideTable, type Cell, type Table } from '../lib/table.ts';

interface Props {
  table: Table;
  /** Where the CSV file is; omitted means "make a data URL from the rows". */
  csvHref?: string;
  csvName: string;
  csvLabel: string;
  csvText: string;
  /** Shown above the table as its caption; defaults to the table's title. */
  caption?: string;
  id?: string;
  /**
   * Rows shown before the whole table is folded into a disclosure (whose summary is
   * `moreText`, e.g. "Show all 120 rows"); omitted shows every row.
   */
  shown?: number;
  moreText?: string;
}

const cellContent = (c: Cell): ReactNode => (c.href ? <a href={c.href}>{c.text}</a> : c.text);

interface MarkupProps {
  table: Table;
  caption: string;
  /** The label of the sideways scroller, when the table may scroll (defaults to the caption). */
  regionLabel?: string;
}

/** The table itself: one implementation for every table of the site. */
export function TableMarkup({ table, caption, regionLabel }: MarkupProps) {
  const phone = phoneColumns(table);
  const restIds = new Set(phone?.rest ?? []);
  // Each cell names its column (col-<id>), so a page's stylesheet can size one column.
  const cls = (j: number) =>
    [`col-${table.columns[j]?.id ?? j}`, table.columns[j]?.numeric ? 'num' : '', restIds.has(j) ? 'rest' : '']
      .filter(Boolean)
      .join(' ');
  const restSummary = phone ? phone.rest.map((j) => table.columns[j]!.label).join(' · ') : '';
  // A wide table may scroll sideways (a card table too, between a phone's width and a wide
  // screen's); keyboard users must be able to reach and scroll it.
  const scrolls = wideTable(table)
    ? { tabIndex: 0, role: 'region', 'aria-label': regionLabel ?? caption }
    : {};
  return (
    <div className={phone ? 'table-wrap phone-cards' : 'table-wrap'} {...scrolls}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c, j) => (
              <th key={c.id} scope="col" className={cls(j)}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((c, j) => {
                const label = phone ? { 'data-label': table.columns[j]?.label } : {};
                return j === 0 ? (
                  <th key={j} scope="row" className={cls(j)} {...label}>
                    {cellContent(c)}
                  </th>
                ) : (
                  <td key={j} className={cls(j)} {...label}>
                    {cellContent(c)}
                  </td>
                );
              })}
              {phone && (
                <td className="row-more">
                  <details>
                    <summary>{restSummary}</summary>
                    <dl>
                      {phone.rest.map((j) => (
                        <div key={j}>
                          <dt>{table.columns[j]!.label}</dt>
                          <dd>{row[j] ? cellContent(row[j]) : ''}</dd>
                        </div>
                      ))}
                    </dl>
                  </details>
                </td>
              )}
            </tr>
          ))}
        </tbody>
        {table.footer && (
          <tfoot>
            <tr>
              {table.footer.map((f, j) =>
                j === 0 ? (
                  <th key={j} scope="row" className={cls(j)}>
                    {f}
                  </th>
                ) : (
                  <td
                    key={j}
                    className={cls(j)}
                    {...(phone && f ? { 'data-label': table.columns[j]?.label } : {})}
                  >
                    {f}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

export function DataTable({
  table,
  csvHref,
  csvName,
  csvLabel,
  csvText,
  caption,
  id,
  shown,
  moreText,
}: Props) {
  const href = csvHref ?? `data:text/csv;charset=utf-8,${encodeURIComponent(tableCsv(table))}`;
  const title = caption ?? table.title;
  // Folding a row or two away helps nobody.
  const long = shown !== undefined && table.rows.length > shown + 2;
  return (
    <div className="table-block" id={id}>
      {long ? (
        <>
          <TableMarkup
            table={{ ...table, rows: table.rows.slice(0, shown), footer: undefined }}
            caption={title}
          />
          <details className="more">
            <summary>{moreText ?? String(table.rows.length)}</summary>
            <TableMarkup table={table} caption={title} />
          </details>
        </>
      ) : (
        <TableMarkup table={table} caption={title} />
      )}
      <p className="table-tools">
        <a className="csv" href={href} download={csvName} aria-label={csvLabel}>
          {csvText}
        </a>
      </p>
    </div>
  );
}
