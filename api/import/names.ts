/**
 * The importer's vocabulary beside the catalogues: what sheets call each item (with the units
 * a quantity may be stated in) and the former names and development zones of regions. Read
 * from data/catalog/item-names.json and region-names.json and checked against the catalogue.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Catalog } from '../domain/catalog.ts';

const Ratio = z.tuple([z.int().positive(), z.int().positive()]);
const ItemNamesFile = z.strictObject({
  source: z.string(),
  items: z.array(
    z.strictObject({
      item: z.string(),
      names: z.array(z.string().min(1)),
      units: z.record(z.string(), Ratio),
    }),
  ),
});
const RegionNamesFile = z.strictObject({
  source: z.string(),
  names: z.array(z.strictObject({ name: z.string().min(1), code: z.string(), note: z.string() })),
});

export interface ImportNames {
  /** Item id → other names. */
  itemNames: Map<string, string[]>;
  /** Item id → stated unit → [catalogue units, per that many stated units]. */
  itemUnits: Map<string, Map<string, [number, number]>>;
  /** Former region names and codes, development zones → current code. */
  regionAliases: Array<{ name: string; code: string; note: string }>;
}

const CATALOG_DIR = new URL('../../data/catalog/', import.meta.url);

export async function loadImportNames(catalog: Catalog, dir: URL = CATALOG_DIR): Promise<ImportNames> {
  const items = ItemNamesFile.parse(JSON.parse(await readFile(new URL('item-names.json', dir), 'utf8')));
  const regions = RegionNamesFile.parse(
    JSON.parse(await readFile(new URL('region-names.json', dir), 'utf8')),
  );
  const problems: string[] = [];
  for (const i of items.items)
    if (!catalog.item(i.item)) problems.push(`item-names.json: unknown item ${i.item}`);
  for (const r of regions.names)
    if (!catalog.hasRegion(r.code))
      problems.push(`region-names.json: unknown region ${r.code} for ${r.name}`);
  if (problems.length) throw new Error(problems.join('; '));
  return {
    itemNames: new Map(items.items.map((i) => [i.item, i.names])),
    itemUnits: new Map(items.items.map((i) => [i.item, new Map(Object.entries(i.units))])),
    regionAliases: regions.names,
  };
}
