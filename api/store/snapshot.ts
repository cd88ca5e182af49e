/**
 * A consistent copy of the whole database at one moment. The site is built from such a copy,
 * so every page of one build reflects the same log size even while writes go on.
 */
import type { Database } from './database.ts';

/** Whether the database is a local file that can be copied with `VACUUM INTO`. */
export const canSnapshot = (database: Database) => database.url.startsWith('file:');

export async function snapshotDatabase(database: Database, path: string): Promise<void> {
  await database.client.execute({ sql: 'VACUUM INTO ?', args: [path] });
}
