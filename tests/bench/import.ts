/**
 * Import: rows per second through the whole importer (parse, normalise, reconcile, write
 * through the ledger's write path) for a 100,000-row CSV needs list and a 20 MB .xlsx, each
 * beside parsing the same file alone, in the same run. Each facility is registered first;
 * every row becomes one need event on a fresh file database.
 */
import * as XLSX from '@e965/xlsx';
import type { Catalog } from '../../api/domain/catalog.ts';
import { generateSigningKey, parseSigningKey } from '../../api/domain/merkle/index.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';
import { receiptCodes } from '../../api/domain/receipt-codes.ts';
import { parseFile } from '../../api/import/grid.ts';
import { ImportMap } from '../../api/import/mapping.ts';
import { loadImportNames } from '../../api/import/names.ts';
import { importSpreadsheet } from '../../api/import/pipeline.ts';
import { createReconciler } from '../../api/import/reconcile.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { organizationRegistry } from '../../api/store/import-registry.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';
import { freshFileDatabase } from './ledger-fixture.ts';
import { median, round } from './stats.ts';

const counties = [
  '420102',
  '420103',
  '420104',
  '420105',
  '420106',
  '420111',
  '421088',
  '421125',
  '421102',
  '420502',
];
const items = [
  'N95口罩',
  '医用外科口罩',
  '防护服',
  '护目镜',
  '隔离衣',
  '一次性鞋套',
  '84消毒液',
  '额温枪',
  '医用帽',
  '乳胶手套',
];
const units = ['只', '盒', '件', '副', '件', '双', '瓶', '台', '只', '盒'];
const facilities = 200;
const facilityName = (i: number) => `测试第${i}医院`;

function table(rows: number): string[][] {
  const out = [['医院名称', '所在地区', '物资名称', '需求数量', '单位', '日期']];
  for (let r = 0; r < rows; r++) {
    const f = r % facilities;
    const i = (r * 7 + Math.floor(r / facilities)) % items.length;
    out.push([
      facilityName(f),
      counties[f % counties.length]!,
      items[i]!,
      String(100 + (r % 900)),
      units[i]!,
      `2020-02-${String(1 + (r % 28)).padStart(2, '0')}`,
    ]);
  }
  return out;
}

const csvOf = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n'), 'utf8');

/** An .xlsx of about `megabytes`, stored without compression as many exporting tools write it. */
function xlsxOf(megabytes: number): { bytes: Buffer; rows: number } {
  const probe = (n: number) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(table(n)), 'needs');
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: false }) as Buffer;
  };
  const perRow = probe(10_000).length / 10_000;
  const rows = Math.round((megabytes * 1024 * 1024) / perRow);
  return { bytes: probe(rows), rows };
}

async function importOnce(catalog: Catalog, bytes: Uint8Array, format: 'csv' | 'xlsx', rows: number) {
  const database = await freshFileDatabase('import');
  const now = new Date('2026-03-01T00:00:00Z');
  for (let f = 0; f < facilities; f++)
    await createOrganization(
      database.db,
      { id: `h${f}`, name: facilityName(f), kind: 'hospital', region: counties[f % counties.length]! },
      now,
      catalog.hasRegion,
    );
  const signingKey = parseSigningKey(generateSigningKey('bench.aidtrail/log', new Uint8Array(32).fill(3)));
  const writer = new LedgerWriter({
    database,
    catalog,
    clock: () => now,
    signingKey,
    origin: signingKey.name,
    receiptCodes: receiptCodes(new Uint8Array(32).fill(4)),
    privateSalts: privateSalts(new Uint8Array(32).fill(5)),
  });
  const reconciler = createReconciler(
    catalog,
    await loadImportNames(catalog),
    await organizationRegistry(database.db),
  );
  const t0 = performance.now();
  const report = await importSpreadsheet(bytes, {
    file: 'bench',
    format,
    as: 'needs',
    map: ImportMap.parse({}),
    dryRun: false,
    reconciler,
    write: (batch) => writer.recordBatch(batch),
    knownKeys: async () => new Set(),
  });
  const seconds = (performance.now() - t0) / 1000;
  database.close();
  if (report.created.events !== rows)
    throw new Error(
      `expected ${rows} events, got ${JSON.stringify({ ...report, problems: report.problems.slice(0, 3) })}`,
    );
  return rows / seconds;
}

async function measure(
  catalog: Catalog,
  label: string,
  bytes: Uint8Array,
  format: 'csv' | 'xlsx',
  rows: number,
  reps: number,
) {
  const parse: number[] = [];
  const full: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    parseFile(bytes, format);
    parse.push(rows / ((performance.now() - t0) / 1000));
    full.push(await importOnce(catalog, bytes, format, rows));
  }
  return {
    file: label,
    rows,
    megabytes: round(bytes.length / 1024 / 1024, 1),
    reps,
    importRowsPerSecond: round(median(full), 0),
    parseOnlyRowsPerSecond: round(median(parse), 0),
    ratio: round(median(full) / median(parse), 3),
  };
}

export async function benchImport(catalog: Catalog, csvRows = 100_000, xlsxMegabytes = 20, reps = 3) {
  const csv = csvOf(table(csvRows));
  const xlsx = xlsxOf(xlsxMegabytes);
  return [
    await measure(catalog, `${csvRows.toLocaleString('en')}-row CSV (UTF-8)`, csv, 'csv', csvRows, reps),
    await measure(catalog, `${xlsxMegabytes} MB .xlsx (uncompressed)`, xlsx.bytes, 'xlsx', xlsx.rows, reps),
  ];
}
