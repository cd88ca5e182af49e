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
  /** Rows in key order: the fields in order, then the key values (ignored by every writer). */
  rows: unknown[][];
  /** The same page as SQLite sent it: a JSON array of those row arrays. */
  json: string;
}

/** Rows per page: small enough that each page's strings stay small for the garbage collector. */
export const pageRows = 2_000;

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A value as JSON: booleans are stored as 0/1 and leave as true/false. */
const jsonValue = (f: FieldSpec, sql: string) =>
  f.type === 'boolean' ? `CASE ${sql} WHEN 1 THEN json('true') WHEN 0 THEN json('false') END` : sql;

export function pageQuery(spec: TableSpec, first: boolean, limit = pageRows, type?: string): string {
  const where = [
    spec.where,
    type === undefined ? undefined : `e.type = ${quote(type)}`,
    first ? undefined : `(${spec.key.join(', ')}) > (${spec.key.map(() => '?').join(', ')})`,
  ].filter(Boolean);
  const cols = [...spec.fields.map((f, i) => jsonValue(f, `c${i}`)), ...spec.key.map((_, i) => `k${i}`)];
  return `SELECT json_group_array(json_array(${cols.join(', ')})) AS page FROM (
    SELECT ${[...spec.fields.map((f, i) => `${f.sql} AS c${i}`), ...spec.key.map((k, i) => `${k} AS k${i}`)].join(', ')}
    FROM ${spec.from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${spec.key.join(', ')} LIMIT ${limit})`;
}

const compareKeys = (a: unknown[], b: unknown[], from: number) => {
  for (let i = from; i < a.length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

/** Every page of the table, in key order (event-derived tables: type by type, each in seq order). */
export async function* tablePages(tx: Transaction, spec: TableSpec, limit = pageRows): AsyncGenerator<Page> {
  const width = spec.fields.length;
  for (const type of spec.types ?? [undefined]) {
    const firstSql = pageQuery(spec, true, limit, type);
    const nextSql = pageQuery(spec, false, limit, type);
    let after: InValue[] | null = null;
    for (;;) {
      const res = await tx.execute(after ? { sql: nextSql, args: after } : firstSql);
      const json = String(res.rows[0]!.page);
      const rows = JSON.parse(json) as unknown[][];
      if (rows.length > 0) {
        // SQLite aggregates the ordered subquery in order; should that ever change, order the page here.
        for (let i = 1; i < rows.length; i++) {
          if (compareKeys(rows[i - 1]!, rows[i]!, width) > 0) {
            rows.sort((a, b) => compareKeys(a, b, width));
            break;
          }
        }
        yield { rows, json };
      }
      if (rows.length < limit) break;
      after = rows.at(-1)!.slice(width) as InValue[];
    }
  }
}
