/**
 * Opening and migrating the database. The same code serves an embedded file
 * (`file:data/aidtrail.db`), an in-memory database for tests (`:memory:`), and a libSQL
 * server or Turso (`libsql://…`, `http://…`): nothing here assumes a local file.
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  client: Client;
  db: Db;
  url: string;
  close(): void;
}

export const defaultDatabaseUrl = 'file:data/aidtrail.db';
const migrationsFolder = fileURLToPath(new URL('../../data/migrations', import.meta.url));

export async function openDatabase(url: string = defaultDatabaseUrl, authToken?: string): Promise<Database> {
  const client = createClient({ url, authToken, intMode: 'number' });
  if (url.startsWith('file:') || url === ':memory:') {
    // WAL lets readers go on while a write batch commits; NORMAL sync is safe under WAL.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  const db = drizzle(client, { schema });
  return { client, db, url, close: () => client.close() };
}

export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}

/** A fresh, migrated in-memory database: what every test starts from. */
export async function memoryDatabase(): Promise<Database> {
  const database = await openDatabase(':memory:');
  await migrateDatabase(database);
  return database;
}
