/**
 * Multi-row INSERT for the write path. Building thousands of rows through the query
 * builder costs more than writing them, so the batch writer sends plain parameterized
 * statements of many rows each. Column names come from the drizzle schema.
 */
import type { InStatement, InValue, ResultSet } from '@libsql/client';
import { getTableName, type Table } from 'drizzle-orm';

export interface Executor {
  execute(stmt: InStatement): Promise<ResultSet>;
}

/** SQLite's limit on bound parameters is 32,766; stay well below it. */
const maxParams = 30_000;

export async function insertRows(
  db: Executor,
  table: Table,
  columns: string[],
  rows: InValue[][],
  onConflict = '',
): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(maxParams / columns.length));
  const one = `(${questionMarks(columns.length)})`;
  const head = `INSERT INTO "${getTableName(table)}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES `;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    await db.execute({
      sql: head + part.map(() => one).join(',') + (onConflict ? ` ${onConflict}` : ''),
      args: part.flat(),
    });
  }
}

export async function deleteWhereIn(
  db: Executor,
  table: Table,
  column: string,
  ids: InValue[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += maxParams) {
    const part = ids.slice(i, i + maxParams);
    await db.execute({
      sql: `DELETE FROM "${getTableName(table)}" WHERE "${column}" IN (${questionMarks(part.length)})`,
      args: part,
    });
  }
}

/** `ON CONFLICT (key) DO UPDATE SET c = excluded.c, …` for the given columns. */
/** `?,?,…`: one bound parameter for each of n values of an IN list or a row. */
export const questionMarks = (n: number) => Array.from({ length: n }, () => '?').join(',');

export const upsert = (key: string, columns: string[]) =>
  `ON CONFLICT ("${key}") DO UPDATE SET ${columns.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
