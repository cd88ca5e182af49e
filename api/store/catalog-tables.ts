/** Copies the reference catalogues into the database, where queries and exports can join them. */
import type { Catalog } from '../domain/catalog.ts';
import { insertRows } from './bulk-sql.ts';
import type { Database } from './database.ts';
import { diseases, items, regions } from './schema.ts';

export async function writeCatalogTables(database: Database, catalog: Catalog): Promise<void> {
  const tx = await database.client.transaction('write');
  try {
    for (const t of ['regions', 'diseases', 'items']) await tx.execute(`DELETE FROM "${t}"`);
    await insertRows(
      tx,
      regions,
      ['code', 'level', 'parent', 'name_zh', 'name_en', 'population'],
      catalog.regions.map((r) => [r.code, r.level, r.parent, r.nameZh, r.nameEn, r.population]),
    );
    await insertRows(
      tx,
      diseases,
      ['code', 'chapter', 'name_zh', 'name_en', 'rare', 'group'],
      catalog.diseases.map((d) => [d.code, d.chapter, d.nameZh, d.nameEn, d.rare ? 1 : 0, d.group]),
    );
    await insertRows(
      tx,
      items,
      ['id', 'name_zh', 'name_en', 'category', 'group', 'unit', 'cold_chain', 'shelf_life_days'],
      catalog.items.map((i) => [
        i.id,
        i.nameZh,
        i.nameEn,
        i.category,
        i.group,
        i.unit,
        i.coldChain ? 1 : 0,
        i.shelfLifeDays,
      ]),
    );
    await tx.commit();
  } catch (e) {
    await tx.rollback();
    throw e;
  } finally {
    tx.close();
  }
}
