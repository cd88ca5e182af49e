/**
 * Reads the three catalogue files from disk and parses them through their zod schemas. The
 * only I/O for reference data: everything else receives the parsed files or a built catalogue.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import {
  DiseasesFileSchema,
  ItemsFileSchema,
  RegionsFileSchema,
  createCatalog,
  type Catalog,
  type CatalogFiles,
} from '../domain/catalog.ts';

/** data/catalog/ of this checkout, found from this module so the working directory does not matter. */
export const DEFAULT_CATALOG_DIR = new URL('../../data/catalog/', import.meta.url);

async function readJson<S extends z.ZodType>(dir: URL, name: string, schema: S): Promise<z.infer<S>> {
  const url = new URL(name, dir);
  const text = await readFile(url, 'utf8');
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `${url.pathname}: ${first?.path.join('.') ?? ''} ${first?.message ?? 'invalid'} (${parsed.error.issues.length} issue(s))`,
    );
  }
  return parsed.data;
}

/** Loads regions.json, diseases.json and items.json from `dir` (a path or file URL). */
export async function loadCatalogFiles(dir: string | URL = DEFAULT_CATALOG_DIR): Promise<CatalogFiles> {
  // A trailing slash makes the directory the base that file names resolve against.
  const base = typeof dir === 'string' ? pathToFileURL(`${resolve(dir)}/`) : dir;
  const [regions, diseases, items] = await Promise.all([
    readJson(base, 'regions.json', RegionsFileSchema),
    readJson(base, 'diseases.json', DiseasesFileSchema),
    readJson(base, 'items.json', ItemsFileSchema),
  ]);
  return { regions, diseases, items };
}

/** Loads the files and builds the catalogue, which checks that they agree with each other. */
export async function loadCatalog(dir: string | URL = DEFAULT_CATALOG_DIR): Promise<Catalog> {
  return createCatalog(await loadCatalogFiles(dir));
}
