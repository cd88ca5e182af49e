/**
 * A bulk export: the event log and every public table as CSV and NDJSON, a SQLite snapshot,
 * a Frictionless data package and checksums, all read inside the caller's one read
 * transaction, so every file describes the same moment: the latest signed checkpoint.
 *
 * Everything streams: tables are read page by page (table-pages.ts) and each page is written
 * with backpressure before the next is read, so memory stays flat whatever the ledger's size.
 */
import type { Transaction } from '@libsql/client';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeBase64, signNote, verifierKeyFor, type SigningKey } from '../../domain/merkle/index.ts';
import type { DatasetInfo } from '../dataset-info.ts';
import { exportLogFiles, logFileNames } from './log-files.ts';
import { csvHeader, csvRows } from './csv-text.ts';
import { HashedFile, type Digest } from './hashed-file.ts';
import {
  dataPackage,
  licence,
  packageFileNames,
  sha256File,
  sumsText,
  type ExportCheckpoint,
  type ExportedFile,
  type FileFormat,
} from './data-package.ts';
import { publicTables, type TableSpec } from './public-tables.ts';
import { SqliteSnapshot } from './sqlite-snapshot.ts';
import { tablePages } from './table-pages.ts';

export const tableFormats = ['csv', 'ndjson', 'sqlite'] as const;
export type TableFormat = (typeof tableFormats)[number];

export interface ExportOptions {
  /** Which table formats to write (all by default); the log files are always written. */
  formats?: readonly TableFormat[];
  tables?: TableSpec[];
  /** Called as work advances: a stage (`events`, a table name, `checksums`) and its count so far. */
  onProgress?: (stage: string, done: number, total?: number) => void;
}

export interface ExportResult {
  checkpoint: ExportCheckpoint;
  /** Every file written, the checksum files last. */
  files: ExportedFile[];
  /** Rows per table. */
  rows: Record<string, number>;
}

export class EmptyLogError extends Error {
  constructor() {
    super('the log is empty: no checkpoint has been published, so there is nothing to export');
  }
}

/** The latest checkpoint, read in the transaction: what the export will match. */
export async function latestCheckpointIn(
  tx: Transaction,
): Promise<{ size: number; rootHash: Uint8Array; note: string; signedAt: string } | null> {
  const r = (
    await tx.execute('SELECT size, root_hash, note, signed_at FROM checkpoints ORDER BY size DESC LIMIT 1')
  ).rows[0];
  if (!r) return null;
  return {
    size: Number(r.size),
    rootHash: new Uint8Array(r.root_hash as ArrayBuffer),
    note: String(r.note),
    signedAt: String(r.signed_at),
  };
}

async function datasetIn(tx: Transaction): Promise<DatasetInfo> {
  const map = new Map(
    (await tx.execute('SELECT key, value FROM dataset_info')).rows.map((r) => [
      String(r.key),
      String(r.value),
    ]),
  );
  const pick = (k: string) => (map.has(k) ? { [k]: map.get(k) } : {});
  return {
    synthetic: map.get('synthetic') === 'true',
    ...pick('description'),
    ...pick('seed'),
    ...pick('generatedAt'),
    ...pick('generator'),
  };
}

/**
 * NDJSON lines of a page: one object per row, the fields in order (key values left out). Each
 * line is written out from the field names encoded once, rather than building an object per row.
 */
function ndjsonLines(names: string[]): (rows: unknown[][]) => string {
  const keys = names.map((n, i) => `${i === 0 ? '{' : ','}${JSON.stringify(n)}:`);
  return (rows) => {
    let text = '';
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < keys.length; i++) {
        const v = row[i];
        line +=
          keys[i] +
          (v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : JSON.stringify(v));
      }
      text += `${line}}\n`;
    }
    return text;
  };
}

async function exportTable(
  tx: Transaction,
  dir: string,
  spec: TableSpec,
  sinks: { csv: boolean; ndjson: boolean; snapshot: SqliteSnapshot | null },
  digests: Record<string, Digest>,
  onProgress: (done: number) => void,
): Promise<number> {
  const names = spec.fields.map((f) => f.name);
  const { snapshot } = sinks;
  const width = names.length;
  const csv = sinks.csv ? new HashedFile(join(dir, `${spec.name}.csv`)) : null;
  const ndjson = sinks.ndjson ? new HashedFile(join(dir, `${spec.name}.ndjson`)) : null;
  const lines = ndjsonLines(names);
  const load = snapshot ? await snapshot.table(spec) : null;
  let rows = 0;
  try {
    if (csv) await csv.write(csvHeader(names));
    for await (const page of tablePages(tx, spec)) {
      if (csv) await csv.write(csvRows(page.rows, width));
      if (ndjson) await ndjson.write(lines(page.rows));
      if (load) await load(page.json);
      rows += page.rows.length;
      onProgress(rows);
    }
  } finally {
    if (csv) digests[`${spec.name}.csv`] = await csv.close();
    if (ndjson) digests[`${spec.name}.ndjson`] = await ndjson.close();
  }
  return rows;
}

const logFiles: Array<[string, FileFormat]> = [
  [logFileNames.events, 'ndjson'],
  [logFileNames.checkpoint, 'text'],
  [logFileNames.checkpoints, 'ndjson'],
  [logFileNames.publicKey, 'text'],
];

/**
 * Writes the export into `dir` (which must exist). `key` signs the checksums and gives the
 * verifier key; it must be the log's key.
 */
export async function exportAll(
  tx: Transaction,
  dir: string,
  key: SigningKey,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const formats = new Set(options.formats ?? tableFormats);
  const tables = options.tables ?? publicTables;
  const progress = options.onProgress ?? (() => {});
  const cp = await latestCheckpointIn(tx);
  if (!cp || cp.size === 0) throw new EmptyLogError();
  const checkpoint: ExportCheckpoint = {
    origin: cp.note.slice(0, cp.note.indexOf('\n')),
    size: cp.size,
    rootHash: encodeBase64(cp.rootHash),
    rootHashHex: Buffer.from(cp.rootHash).toString('hex'),
    signedAt: cp.signedAt,
    note: cp.note,
    verifierKey: verifierKeyFor(key),
  };

  const { digests } = await exportLogFiles(tx, dir, cp.size, key, (d) => progress('events', d, cp.size));
  const dataset = await datasetIn(tx);
  const snapshot = formats.has('sqlite')
    ? await SqliteSnapshot.create(join(dir, packageFileNames.sqlite))
    : null;
  const rows: Record<string, number> = {};
  try {
    for (const spec of tables)
      rows[spec.name] = await exportTable(
        tx,
        dir,
        spec,
        { csv: formats.has('csv'), ndjson: formats.has('ndjson'), snapshot },
        digests,
        (d) => progress(spec.name, d),
      );
    await snapshot?.finish(tables, rows, {
      checkpoint_size: String(checkpoint.size),
      checkpoint_root_hash: checkpoint.rootHash,
      checkpoint_note: checkpoint.note,
      verifier_key: checkpoint.verifierKey,
      created: checkpoint.signedAt,
      licence: `${licence.title} (${licence.name}) ${licence.path}`,
      synthetic: String(dataset.synthetic),
      ...(dataset.description ? { dataset_description: dataset.description } : {}),
    });
  } catch (e) {
    snapshot?.abort();
    throw e;
  }

  const listed: Array<[string, FileFormat, string?]> = [...logFiles];
  for (const spec of tables) {
    if (formats.has('csv')) listed.push([`${spec.name}.csv`, 'csv', spec.name]);
    if (formats.has('ndjson')) listed.push([`${spec.name}.ndjson`, 'ndjson', spec.name]);
  }
  if (snapshot) listed.push([packageFileNames.sqlite, 'sqlite']);
  const files: ExportedFile[] = [];
  for (const [name, format, table] of listed) {
    // Hashed as written, but for the SQLite file, which SQLite itself wrote.
    files.push({
      name,
      format,
      ...(digests[name] ?? (await sha256File(join(dir, name)))),
      ...(table ? { table, rows: rows[table] } : {}),
    });
    progress('checksums', files.length, listed.length);
  }

  const descriptorPath = join(dir, packageFileNames.descriptor);
  await writeFile(
    descriptorPath,
    `${JSON.stringify(dataPackage(files, tables, checkpoint, dataset), null, 2)}\n`,
  );
  files.push({ name: packageFileNames.descriptor, format: 'json', ...(await sha256File(descriptorPath)) });
  const sums = sumsText(files);
  await writeFile(join(dir, packageFileNames.sums), sums);
  await writeFile(join(dir, packageFileNames.signedSums), signNote(sums, key));
  for (const name of [packageFileNames.sums, packageFileNames.signedSums])
    files.push({ name, format: 'text', ...(await sha256File(join(dir, name))) });
  return { checkpoint, files, rows };
}
