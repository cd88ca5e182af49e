/**
 * A chart's table view, with the download of the same rows as CSV. Rendered to HTML at build
 * time on static pages, and in the browser by the gift lookup (which links the CSV as a data
 * URL, since there is no file to point to).
 */
import { tableCsv, wideTable, type Table } from '../lib/table.ts';

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
}

export function DataTable({ table, csvHref, csvName, csvLabel, csvText, caption, id }: Props) {
  const href = csvHref ?? `data:text/csv;charset=utf-8,${encodeURIComponent(tableCsv(table))}`;
  // A wide table scrolls sideways on a phone; keyboard users must be able to reach and scroll it.
  const scrolls = wideTable(table)
    ? { tabIndex: 0, role: 'region', 'aria-label': caption ?? table.title }
    : {};
  return (
    <div className="table-block" id={id}>
      <div className="table-wrap" {...scrolls}>
        <table>
          <caption>{caption ?? table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.id} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((c, j) => {
                  const text = c.href ? <a href={c.href}>{c.text}</a> : c.text;
                  return j === 0 ? (
                    <th key={j} scope="row" className={table.columns[j]?.numeric ? 'num' : undefined}>
                      {text}
                    </th>
                  ) : (
                    <td key={j} className={table.columns[j]?.numeric ? 'num' : undefined}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          {table.footer && (
            <tfoot>
              <tr>
                {table.footer.map((f, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {f}
                    </th>
                  ) : (
                    <td key={j} className={table.columns[j]?.numeric ? 'num' : undefined}>
                      {f}
                    </td>
                  ),
                )}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      <p className="table-tools">
        <a className="csv" href={href} download={csvName} aria-label={csvLabel}>
          {csvText}
        </a>
      </p>
    </div>
  );
}
