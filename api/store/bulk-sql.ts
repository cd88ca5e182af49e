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
  const into = `INSERT INTO "${getTableName(table)}" (${columns.map((c) => `"${c}"`).join(',')}) `;
  const conflict = onConflict ? ` ${onConflict}` : '';
  if (rows.length > 1 && rows.every(fitsJson)) {
    // One statement of constant text whatever the row count: SQLite compiles a VALUES list of
    // thousands of rows at a cost that dwarfs inserting them, and the client prepares every
    // statement anew. `WHERE true` keeps ON CONFLICT from parsing as part of the SELECT.
    const picks = columns.map((_, i) => `value->>${i}`).join(',');
    await db.execute({
      sql: `${into}SELECT ${picks} FROM json_each(?) WHERE true${conflict}`,
      args: [JSON.stringify(rows)],
    });
    return;
  }
  const per = Math.max(1, Math.floor(maxParams / columns.length));
  const one = `(${questionMarks(columns.length)})`;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    await db.execute({
      sql: `${into}VALUES ${part.map(() => one).join(',')}${conflict}`,
      args: part.flat(),
    });
  }
}

/**
 * Whether a row survives a trip through JSON into SQLite unchanged: text, null and safe
 * integers do; blobs do not, text with NUL is cut short by SQLite's JSON functions, and
 * fractions are left to the binder rather than to SQLite's decimal parser.
 */
function fitsJson(row: InValue[]): boolean {
  for (const v of row) {
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'string' && !v.includes('\u0000')) continue;
    if (typeof v === 'number' && Number.isSafeInteger(v)) continue;
    return false;
  }
  return true;
}

export async function deleteWhereIn(
  db: Executor,
  table: Table,
  column: string,
  ids: InValue[],
): Promise<void> {
  if (ids.length === 0) return;
  const from = `DELETE FROM "${getTableName(table)}" WHERE "${column}" IN `;
  if (fitsJson(ids)) {
    await db.execute({ sql: `${from}(SELECT value FROM json_each(?))`, args: [JSON.stringify(ids)] });
    return;
  }
  for (let i = 0; i < ids.length; i += maxParams) {
    const part = ids.slice(i, i + maxParams);
    await db.execute({ sql: `${from}(${questionMarks(part.length)})`, args: part });
  }
}

/** `ON CONFLICT (key) DO UPDATE SET c = excluded.c, …` for the given columns. */
/** `?,?,…`: one bound parameter for each of n values of an IN list or a row. */
export const questionMarks = (n: number) => Array.from({ length: n }, () => '?').join(',');

export const upsert = (key: string, columns: string[]) =>
  `ON CONFLICT ("${key}") DO UPDATE SET ${columns.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
