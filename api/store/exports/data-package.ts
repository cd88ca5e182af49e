/**
 * The description and checksums of an export: a Frictionless Data Package
 * (https://specs.frictionlessdata.io/data-package/) naming every file with its SHA-256 and
 * size and every field with its type, unit and Chinese and English titles; `SHA256SUMS` in
 * the format `sha256sum -c` reads; and `SHA256SUMS.note`, the same text signed with the log's
 * key as a C2SP signed note, so the tables are bound to the signed checkpoint as the log is.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DatasetInfo } from '../dataset-info.ts';
import type { FieldSpec, TableSpec } from './public-tables.ts';

export const packageFileNames = {
  descriptor: 'datapackage.json',
  sums: 'SHA256SUMS',
  signedSums: 'SHA256SUMS.note',
  sqlite: 'aidtrail.sqlite',
} as const;

export type FileFormat = 'csv' | 'ndjson' | 'sqlite' | 'json' | 'text';

export const mediaTypes: Record<FileFormat, string> = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  sqlite: 'application/vnd.sqlite3',
  json: 'application/json',
  text: 'text/plain',
};

export interface ExportedFile {
  /** File name inside the export directory. */
  name: string;
  format: FileFormat;
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  /** The public table it holds, for CSV and NDJSON tables. */
  table?: string;
  rows?: number;
}

export interface ExportCheckpoint {
  origin: string;
  size: number;
  /** Base64, as in the signed note. */
  rootHash: string;
  rootHashHex: string;
  signedAt: string;
  note: string;
  verifierKey: string;
}

export const licence = {
  name: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0 International',
  path: 'https://creativecommons.org/licenses/by/4.0/',
};

export const csvNote =
  "In the CSV files, text cells that begin with =, +, -, @, a tab or a carriage return (or their full-width forms) start with an added single quote ', so that no spreadsheet runs them as formulas (OWASP CSV injection); numbers are never changed, and the NDJSON files and the SQLite snapshot hold every value exactly. The CSV files are UTF-8 with a byte order mark, comma-separated, with a header row; empty cells are null; booleans are true/false (0/1 in SQLite).";

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function schemaField(f: FieldSpec) {
  return {
    name: f.name,
    type: f.type,
    ...(f.type === 'datetime' ? { format: 'any' } : {}),
    title: f.title,
    'title:zh': f.titleZh,
    description: f.description,
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    ...(f.pattern ? { constraints: { pattern: f.pattern } } : {}),
  };
}

const integrity = (file: ExportedFile) => ({ bytes: file.bytes, hash: `sha256:${file.sha256}` });

const fileDescriptions: Record<
  string,
  { name: string; title: string; titleZh: string; description: string }
> = {
  'events.ndjson': {
    name: 'event-log',
    title: 'Event log',
    titleZh: '事件日志',
    description:
      'Every event of the log, one per line: each line is exactly the bytes of its Merkle leaf (RFC 8785 canonical JSON), leaf hash = SHA-256(0x00 ‖ line). This is the ledger itself; every table is derived from it. `npx aidtrail verify DIR` re-hashes it against the signed checkpoints.',
  },
  'checkpoint.txt': {
    name: 'checkpoint',
    title: 'Signed checkpoint',
    titleZh: '签名检查点',
    description:
      'The C2SP tlog-checkpoint this export matches (origin, tree size, root hash), as an Ed25519 signed note.',
  },
  'checkpoints.ndjson': {
    name: 'checkpoints',
    title: 'All checkpoints',
    titleZh: '全部检查点',
    description: 'Every checkpoint published up to this export\'s size, {"size", "note"} per line.',
  },
  'public-key.txt': {
    name: 'public-key',
    title: 'Verifier key',
    titleZh: '验证公钥',
    description:
      "The log's verifier key in the signed-note format. Compare it with /api/v1/log/public-key before trusting it.",
  },
  [packageFileNames.sqlite]: {
    name: 'sqlite',
    title: 'SQLite snapshot',
    titleZh: 'SQLite 快照',
    description:
      'Every public table in one SQLite database, with the same names and columns as the CSV files (booleans as 0/1), plus meta_tables, meta_fields and meta_export describing them. Built from the public rows only.',
  },
};

export function dataPackage(
  files: ExportedFile[],
  tables: TableSpec[],
  checkpoint: ExportCheckpoint,
  dataset: DatasetInfo,
) {
  const spec = new Map(tables.map((t) => [t.name, t]));
  const resources = files.map((file) => {
    const table = file.table ? spec.get(file.table) : undefined;
    if (table) {
      const csv = file.format === 'csv';
      return {
        name: csv ? table.name : `${table.name}-ndjson`,
        path: file.name,
        ...(csv ? { profile: 'tabular-data-resource' } : {}),
        title: table.title,
        'title:zh': table.titleZh,
        description: table.description,
        format: file.format,
        mediatype: mediaTypes[file.format],
        encoding: 'utf-8',
        ...integrity(file),
        rows: file.rows,
        ...(csv
          ? {
              dialect: {
                delimiter: ',',
                lineTerminator: '\n',
                quoteChar: '"',
                doubleQuote: true,
                header: true,
              },
            }
          : {}),
        schema: { fields: table.fields.map(schemaField), missingValues: [''] },
      };
    }
    const about = fileDescriptions[file.name] ?? {
      name: file.name.toLowerCase().replace(/[^a-z0-9._-]/g, '-'),
      title: file.name,
      titleZh: file.name,
      description: '',
    };
    return {
      name: about.name,
      path: file.name,
      title: about.title,
      'title:zh': about.titleZh,
      description: about.description,
      format: file.name.endsWith('.txt') ? 'txt' : file.format,
      mediatype: mediaTypes[file.format],
      ...(file.format === 'sqlite' ? {} : { encoding: 'utf-8' }),
      ...integrity(file),
    };
  });
  const synthetic = dataset.synthetic
    ? `SYNTHETIC DEMO DATA, not real charity data. ${dataset.description ?? ''} `
    : '';
  return {
    profile: 'data-package',
    name: 'aidtrail',
    id: `${checkpoint.origin}@${checkpoint.size}`,
    title: 'AidTrail: donations and everything that happened to them',
    'title:zh': 'AidTrail 医疗慈善捐赠去向数据',
    description:
      `${synthetic}Every public table of the ledger and the event log it is derived from, at the signed checkpoint of ${checkpoint.size} events. Anonymous donors appear only as anonymous with their kind; organizations registered as anonymous are never named; beneficiary counts below 5 read "<5". Money is integer minor units (fen for CNY) with its currency; goods are integer quantities in the item's unit. ${csvNote}`.trim(),
    created: checkpoint.signedAt,
    licenses: [licence],
    keywords: ['charity', 'medical aid', 'donations', 'transparency', 'verifiable log'],
    synthetic: dataset.synthetic,
    ...(dataset.synthetic ? { dataset } : {}),
    checkpoint,
    resources,
  };
}

/** `sha256sum -c` format: hash, two spaces, name, in the order given. */
export const sumsText = (files: readonly Pick<ExportedFile, 'name' | 'sha256'>[]) =>
  files.map((f) => `${f.sha256}  ${f.name}\n`).join('');

/** Parses SHA256SUMS back into name → hash; malformed lines are returned apart. */
export function parseSums(text: string): { sums: Map<string, string>; bad: string[] } {
  const sums = new Map<string, string>();
  const bad: string[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m) sums.set(m[2]!, m[1]!);
    else bad.push(line);
  }
  return { sums, bad };
}
