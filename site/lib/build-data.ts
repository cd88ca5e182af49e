/**
 * Build-time access to the ledger. The site is built from the same read functions the API
 * uses, on the database named by DATABASE_URL (default file:data/aidtrail.db). Astro renders
 * every page in one process, so the connection and the reads every page shares are opened
 * once per build and kept here; nothing of this module reaches the browser.
 *
 * A database that does not exist or was never initialised is an empty ledger: the site still
 * builds, and says how to load data.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import itemsFile from '../../data/catalog/items.json';
import { defaultDatabaseUrl, openDatabase, type Database, type Db } from '../../api/store/database.ts';
import { readDatasetInfo, type DatasetInfo } from '../../api/store/dataset-info.ts';
import { latestCheckpoint } from '../../api/store/log-store.ts';
import { diseaseNames, hasLedger, itemNames, regionsInUse } from '../../api/store/queries/site-catalog.ts';
import type { Locale } from './i18n.ts';
import type { NameTables } from './names.ts';
import { encodeBase64 } from '../../api/domain/merkle/index.ts';
import type { Catalog } from '../../api/domain/catalog.ts';
import { englishName } from '../../api/import/english-names.ts';
import { publicOrganizations, type OrganizationRow } from '../../api/store/queries/site-organizations.ts';
import { siteCatalog } from './site-catalog.ts';

export interface LogState {
  size: number;
  rootHash: string;
  signedAt: string;
  note: string;
}

export interface BuildSource {
  /** Null when there is no initialised ledger to read. */
  db: Db | null;
  /** The same connection with its raw client, for reads written as SQL text (coverage). */
  database: Database | null;
  dataset: DatasetInfo;
  checkpoint: LogState | null;
  names: Record<Locale, NameTables>;
}

let opened: Promise<BuildSource> | undefined;

/** The database URL for this build; a relative file path is taken from the working directory. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  if (!url.startsWith('file:')) return url;
  const path = url.slice(5);
  return `file:${isAbsolute(path) ? path : resolve(process.cwd(), path)}`;
}

export function buildSource(): Promise<BuildSource> {
  return (opened ??= open());
}

async function open(): Promise<BuildSource> {
  const url = databaseUrl();
  const empty: BuildSource = {
    db: null,
    database: null,
    dataset: { synthetic: false },
    checkpoint: null,
    names: { 'zh-CN': emptyTables(), en: emptyTables() },
  };
  if (url.startsWith('file:') && !existsSync(url.slice(5))) return empty;
  const database = await openDatabase(url, process.env.DATABASE_AUTH_TOKEN);
  const { db } = database;
  if (!(await hasLedger(db))) {
    database.close();
    return empty;
  }
  const [dataset, cp, regions, diseases, items, organizations] = await Promise.all([
    readDatasetInfo(db),
    latestCheckpoint(db),
    regionsInUse(db),
    diseaseNames(db),
    itemNames(db),
    publicOrganizations(db),
  ]);
  const english = englishNames(organizations, siteCatalog());
  const units = new Map(itemsFile.items.map((i) => [i.id, [i.unitZh, i.unitEn] as const]));
  const tables = (locale: Locale): NameTables => {
    const zh = locale === 'zh-CN';
    return {
      regions: Object.fromEntries(
        regions.map((r) => [r.code, [zh ? r.nameZh : r.nameEn, r.parent ?? '', r.level]]),
      ),
      diseases: Object.fromEntries(diseases.map((d) => [d.code, zh ? d.nameZh : d.nameEn])),
      items: Object.fromEntries(
        items.map((i) => {
          const [uz, ue] = units.get(i.code) ?? [i.unit, i.unit];
          return [i.code, [zh ? i.nameZh : i.nameEn, uz, ue]];
        }),
      ),
      ...(zh ? {} : { organizations: english }),
    };
  };
  return {
    db,
    database,
    dataset,
    checkpoint: cp
      ? { size: cp.size, rootHash: encodeBase64(cp.rootHash), signedAt: cp.signedAt, note: cp.note }
      : null,
    names: { 'zh-CN': tables('zh-CN'), en: tables('en') },
  };
}

const emptyTables = (): NameTables => ({ regions: {}, diseases: {}, items: {} });

/**
 * Every public organization's English name: the one it was registered with, or one read from
 * its Chinese name (places from the catalogue, kinds of institution translated, pinyin for the
 * rest), as the importer names organizations it creates.
 */
export function englishNames(
  organizations: ReadonlyArray<Pick<OrganizationRow, 'id' | 'name' | 'nameEn' | 'kind'>>,
  catalog: Catalog,
): Record<string, string> {
  return Object.fromEntries(
    organizations.map((o) => [o.id, o.nameEn?.trim() || englishName(o.name, catalog, o.kind) || o.name]),
  );
}

/** Memoises one build-time read so pages that share it run it once. */
export function once<T>(read: (db: Db) => Promise<T>, fallback: T): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= buildSource().then((s) => (s.db ? read(s.db) : fallback)));
}

/** As `once`, for reads that take the whole connection. */
export function onceWith<T>(read: (database: Database) => Promise<T>, fallback: T): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= buildSource().then((s) => (s.database ? read(s.database) : fallback)));
}
