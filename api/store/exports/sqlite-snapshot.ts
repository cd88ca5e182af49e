/**
 * The SQLite snapshot of an export: a fresh database file built from the public rows only
 * (never a copy of the ledger's file, which holds tokens and private tables), with the same
 * tables and columns as the CSV files, plus `meta_tables`, `meta_fields` and `meta_export`
 * so the file describes itself. Each page arrives as the JSON array the export read, and
 * SQLite unpacks it itself (json_each), so no row passes through JavaScript.
 */
import { createClient, type Client } from '@libsql/client';
import { rm } from 'node:fs/promises';
import type { FieldType, TableSpec } from './public-tables.ts';

const sqlType: Record<FieldType, string> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'TEXT',
  yearmonth: 'TEXT',
};

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class SqliteSnapshot {
  private constructor(private readonly client: Client) {}

  static async create(path: string): Promise<SqliteSnapshot> {
    await rm(path, { force: true });
    // One connection, so the pragmas below hold for the loading transaction.
    const client = createClient({ url: `file:${path}`, concurrency: 1 });
    // A new file that is only ever complete or thrown away: no journal, no syncs while loading,
    // and each page its own small transaction, so dirty pages never pile up in memory.
    await client.execute('PRAGMA journal_mode = OFF');
    await client.execute('PRAGMA synchronous = OFF');
    return new SqliteSnapshot(client);
  }

  /** Creates the table; returns how to load one page (a JSON array of row arrays) into it. */
  async table(spec: TableSpec): Promise<(rowsJson: string) => Promise<void>> {
    await this.client.execute(
      `CREATE TABLE ${ident(spec.name)} (${spec.fields.map((f) => `${ident(f.name)} ${sqlType[f.type]}`).join(', ')})`,
    );
    const insert = `INSERT INTO ${ident(spec.name)} SELECT ${spec.fields.map((_, i) => `value->>${i}`).join(', ')} FROM json_each(`;
    // The page goes in as a literal through executeMultiple, whose statements are finalized at
    // once: a bound argument would stay held by its statement until the garbage collector,
    // which cannot see that native memory, got round to it.
    return async (rowsJson) => {
      await this.client.executeMultiple(`${insert}'${rowsJson.replaceAll("'", "''")}')`);
    };
  }

  /** Indexes, the self-description, and the file is closed. */
  async finish(
    specs: TableSpec[],
    rows: Record<string, number>,
    facts: Record<string, string>,
  ): Promise<void> {
    const tx = await this.client.transaction('write');
    for (const spec of specs) {
      for (const col of spec.indexes ?? [])
        await tx.execute(
          `CREATE INDEX ${ident(`${spec.name}_${col}`)} ON ${ident(spec.name)} (${ident(col)})`,
        );
    }
    await tx.execute(
      'CREATE TABLE meta_tables (name TEXT PRIMARY KEY, title TEXT, title_zh TEXT, description TEXT, rows INTEGER)',
    );
    await tx.execute(
      'CREATE TABLE meta_fields ("table" TEXT, position INTEGER, name TEXT, type TEXT, title TEXT, title_zh TEXT, description TEXT, unit TEXT, PRIMARY KEY ("table", position))',
    );
    await tx.execute('CREATE TABLE meta_export (key TEXT PRIMARY KEY, value TEXT)');
    for (const s of specs) {
      await tx.execute({
        sql: 'INSERT INTO meta_tables VALUES (?, ?, ?, ?, ?)',
        args: [s.name, s.title, s.titleZh, s.description, rows[s.name] ?? 0],
      });
      for (const [i, f] of s.fields.entries()) {
        await tx.execute({
          sql: 'INSERT INTO meta_fields VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          args: [
            s.name,
            i + 1,
            f.name,
            f.type === 'boolean' ? 'boolean (0/1)' : f.type,
            f.title,
            f.titleZh,
            f.description,
            f.unit ?? null,
          ],
        });
      }
    }
    for (const [key, value] of Object.entries(facts))
      await tx.execute({ sql: 'INSERT INTO meta_export VALUES (?, ?)', args: [key, value] });
    await tx.commit();
    this.client.close();
  }

  abort(): void {
    this.client.close();
  }
}
