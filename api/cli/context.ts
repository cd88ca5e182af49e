/** What every command needs, opened from the configuration and passed on explicitly. */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Catalog } from '../domain/catalog.ts';
import { generateSigningKey, parseSigningKey, type SigningKey } from '../domain/merkle/index.ts';
import { privateSalts, type PrivateSalts } from '../domain/private-salts.ts';
import { receiptCodes, type ReceiptCodes } from '../domain/receipt-codes.ts';
import { loadCatalog } from '../store/catalog-files.ts';
import { migrateDatabase, openDatabase, type Database } from '../store/database.ts';
import type { Config } from './config.ts';
import { withNativeSigning } from './native-signing.ts';
import { UsageError } from './usage-error.ts';

export interface Context {
  config: Config;
  database: Database;
  catalog: Catalog;
  signingKey: SigningKey;
  receiptCodes: ReceiptCodes;
  privateSalts: PrivateSalts;
  clock: () => Date;
}

/** The receipt-code secret is derived from the signing key, so one key file is all there is to keep. */
export const receiptCodesFor = (key: SigningKey) =>
  receiptCodes(hmac(sha256, key.seed, new TextEncoder().encode('aidtrail receipt codes')));

/** Salts of the private parts, derived from the signing key for the same reason. */
export const privateSaltsFor = (key: SigningKey) =>
  privateSalts(hmac(sha256, key.seed, new TextEncoder().encode('aidtrail private salts')));

export async function readSigningKey(path: string): Promise<SigningKey> {
  return withNativeSigning(parseSigningKey((await readFile(path, 'utf8')).trim()));
}

/** Reads the signing key, creating it (readable by its owner only) when absent. */
export async function ensureSigningKey(
  path: string,
  origin: string,
): Promise<{ key: SigningKey; created: boolean }> {
  try {
    return { key: await readSigningKey(path), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dirname(path), { recursive: true });
  const text = generateSigningKey(origin);
  await writeFile(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { key: withNativeSigning(parseSigningKey(text)), created: true };
}

/**
 * SQLite keeps its write-ahead log in files beside the database, so a database on a read-only
 * file system (or in a directory this user cannot write) cannot be opened at all, even to read.
 */
const cannotOpen = (url: string) =>
  new UsageError(
    `cannot open the database ${url}: its file system is read-only or its directory is not writable (SQLite creates its -wal and -shm files beside the database); make it writable, or copy the database to a writable place and set DATABASE_URL`,
  );

export async function openContext(config: Config, opts: { createKey?: boolean } = {}): Promise<Context> {
  if (config.databaseUrl.startsWith('file:'))
    await mkdir(dirname(config.databaseUrl.slice(5)), { recursive: true });
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken).catch((e) => {
    throw (e as { code?: string }).code === 'SQLITE_CANTOPEN' ? cannotOpen(config.databaseUrl) : e;
  });
  await migrateDatabase(database);
  const signingKey = opts.createKey
    ? (await ensureSigningKey(config.signingKeyPath, config.logOrigin)).key
    : await readSigningKey(config.signingKeyPath).catch((e) => {
        throw new Error(
          `cannot read the log's signing key at ${config.signingKeyPath} (${(e as Error).message}); run \`npx aidtrail init\` first`,
        );
      });
  return {
    config,
    database,
    catalog: await loadCatalog(),
    signingKey,
    receiptCodes: receiptCodesFor(signingKey),
    privateSalts: privateSaltsFor(signingKey),
    clock: () => new Date(),
  };
}
