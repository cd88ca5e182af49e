/**
 * Reads a public table page by page, in key order, inside the export's read transaction.
 * SQLite packs each page into one JSON array of row arrays, so a page costs one round trip
 * and no per-row objects in the database client, and the next page starts after the last
 * key (a seek on an index, never an offset). Memory is bounded by the page size whatever the
 * table's size.
 */
import type { InValue, Transaction } from '@libsql/client';
import type { FieldSpec, TableSpec } from './public-tables.ts';

export interface Page {
  /** Rows in key order: the fields in order, then the key values and any extra values (ignored by every writer). */
  rows: unknown[][];
  /** The same page as SQLite sent it: a JSON array of those row arrays. */
  json: string;
}

/**
 * Pages aim at this many bytes of JSON: strings under V8's large-object size (128 KiB) die
 * young and are collected at once, so memory stays flat; the row limit adapts to each table.
 */
export const pageBytes = 64 * 1024;
const rowBounds = { min: 50, max: 5_000 };
const rowsFor = (bytes: number) => Math.max(rowBounds.min, Math.min(rowBounds.max, Math.floor(bytes)));

/** A value as JSON: booleans are stored as 0/1 and leave as true/false. */
const jsonValue = (f: FieldSpec, sql: string) =>
  f.type === 'boolean' ? `CASE ${sql} WHEN 1 THEN json('true') WHEN 0 THEN json('false') END` : sql;

/** The page's SQL; its last parameter is the row limit. */
export function pageQuery(spec: TableSpec, first: boolean, part?: string): string {
  const where = [
    spec.where,
    part,
    first ? undefined : `(${spec.key.join(', ')}) > (${spec.key.map(() => '?').join(', ')})`,
  ].filter(Boolean);
  const extra = spec.extra ?? [];
  const cols = [
    ...spec.fields.map((f, i) => jsonValue(f, `c${i}`)),
    ...spec.key.map((_, i) => `k${i}`),
    ...extra.map((_, i) => `x${i}`),
  ];
  return `SELECT json_group_array(json_array(${cols.join(', ')})) AS page FROM (
    SELECT ${[...spec.fields.map((f, i) => `${f.sql} AS c${i}`), ...spec.key.map((k, i) => `${k} AS k${i}`), ...extra.map((x, i) => `${x} AS x${i}`)].join(', ')}
    FROM ${spec.from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${spec.key.join(', ')} LIMIT ?)`;
}

const compareKeys = (a: unknown[], b: unknown[], from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

/** The parts a table is read in, each a WHERE term and its values; one part for most tables. */
async function partsOf(
  tx: Transaction,
  spec: TableSpec,
): Promise<Array<{ where?: string; args: InValue[] }>> {
  if (spec.types) return spec.types.map((t) => ({ where: 'e.type = ?', args: [t] }));
  if (spec.partitions) {
    const { where } = spec.partitions;
    return (await tx.execute(spec.partitions.list)).rows.map((r) => ({
      where,
      args: Array.from({ length: r.length }, (_, i) => r[i]!),
    }));
  }
  return [{ args: [] }];
}

/** Every page of the table, in key order (part by part, e.g. event type by event type). */
export async function* tablePages(
  tx: Transaction,
  spec: TableSpec,
  targetBytes = pageBytes,
): AsyncGenerator<Page> {
  const width = spec.fields.length;
  const keyEnd = width + spec.key.length;
  const positions = new Map(spec.fields.map((f, i) => [f.name, i]));
  const at = (name: string) => positions.get(name)!;
  // A first guess of 128 bytes a row; then each page's own size steers the next.
  let limit = rowsFor(targetBytes / 128);
  for (const part of await partsOf(tx, spec)) {
    const firstSql = pageQuery(spec, true, part.where);
    const nextSql = pageQuery(spec, false, part.where);
    let after: InValue[] | null = null;
    for (;;) {
      const res = await tx.execute(
        after
          ? { sql: nextSql, args: [...part.args, ...after, limit] }
          : { sql: firstSql, args: [...part.args, limit] },
      );
      let json = String(res.rows[0]!.page);
      const rows = JSON.parse(json) as unknown[][];
      if (rows.length > 0) {
        // SQLite aggregates the ordered subquery in order; should that ever change, order the page here.
        for (let i = 1; i < rows.length; i++) {
          if (compareKeys(rows[i - 1]!, rows[i]!, width, keyEnd) > 0) {
            rows.sort((a, b) => compareKeys(a, b, width, keyEnd));
            break;
          }
        }
        if (spec.finish) {
          for (const row of rows) spec.finish(row, row.slice(keyEnd), at);
          json = JSON.stringify(rows);
        }
        yield { rows, json };
      }
      if (rows.length < limit) break;
      after = rows.at(-1)!.slice(width, keyEnd) as InValue[];
      limit = rowsFor((targetBytes * rows.length) / json.length);
    }
  }
}
