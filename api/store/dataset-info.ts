/**
 * Facts about the dataset itself (synthetic or real, generator seed, generated at). A
 * synthetic demo dataset is labelled as such in the API, the exports and the site.
 */
import type { Db } from './database.ts';
import { datasetInfo } from './schema.ts';

export interface DatasetInfo {
  synthetic: boolean;
  description?: string;
  seed?: string;
  generatedAt?: string;
  generator?: string;
}

export async function readDatasetInfo(db: Pick<Db, 'select'>): Promise<DatasetInfo> {
  const rows = await db.select().from(datasetInfo);
  const map = new Map(rows.map((r) => [r.key, r.value]));
  return {
    synthetic: map.get('synthetic') === 'true',
    ...(map.has('description') ? { description: map.get('description') } : {}),
    ...(map.has('seed') ? { seed: map.get('seed') } : {}),
    ...(map.has('generatedAt') ? { generatedAt: map.get('generatedAt') } : {}),
    ...(map.has('generator') ? { generator: map.get('generator') } : {}),
  };
}

export async function writeDatasetInfo(db: Db, info: DatasetInfo): Promise<void> {
  const rows = Object.entries(info)
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => ({ key, value: String(value) }));
  for (const row of rows)
    await db
      .insert(datasetInfo)
      .values(row)
      .onConflictDoUpdate({ target: datasetInfo.key, set: { value: row.value } });
}
