/** A full export of a test database into a fresh temporary folder, with readers of its tables. */
import type { Database } from '../../api/store/database.ts';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportAll } from '../../api/store/exports/bulk-export.ts';
import { testSigningKey } from './test-app.ts';

export async function exportedFiles(database: Database) {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-export-'));
  const tx = await database.client.transaction('read');
  try {
    await exportAll(tx, dir, testSigningKey);
  } finally {
    tx.close();
  }
  return {
    dir,
    csv: (name: string) =>
      parse(readFileSync(join(dir, `${name}.csv`)), { bom: true, columns: true }) as Record<string, string>[],
    ndjson: (name: string) =>
      readFileSync(join(dir, `${name}.ndjson`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
