/**
 * Logger files: a 100,000-reading data-logger CSV (a year of readings every five minutes, with
 * the title rows and device block loggers write) through the whole importer — decode, parse,
 * find the header and serial, read every reading, summarise, record one temperature_log on a
 * fresh file database — beside parsing and reading it alone, in the same run.
 */
import type { Catalog } from '../../api/domain/catalog.ts';
import { parseFile } from '../../api/import/grid.ts';
import { importTemperatures, readLoggerRows } from '../../api/import/logger.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { benchWriter, freshFileDatabase } from './ledger-fixture.ts';
import { median, round } from './stats.ts';

const pad = (n: number) => String(n).padStart(2, '0');

export function loggerCsv(readings: number): Buffer {
  const lines = [
    '冷链温度记录仪 数据报表',
    '',
    '设备型号,TR-5 单温',
    '序列号,TR5-BENCH-0001',
    '记录间隔,5分钟',
    '',
    '序号,时间,温度(℃)',
  ];
  const start = Date.UTC(2025, 3, 1, 0, 0);
  for (let i = 0; i < readings; i++) {
    const d = new Date(start + i * 300_000);
    const c = 4 + ((i * 37) % 40) / 10 + (i % 2000 < 12 ? 6 : 0);
    lines.push(
      `${i + 1},${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00,${c.toFixed(1)}`,
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function importOnce(catalog: Catalog, bytes: Uint8Array, readings: number): Promise<number> {
  const database = await freshFileDatabase('temperatures');
  const now = new Date('2026-06-01T00:00:00Z');
  await createOrganization(
    database.db,
    { id: 'clinic', name: '测试卫生院', kind: 'health_centre', region: '421125' },
    now,
    catalog.hasRegion,
  );
  await createOrganization(
    database.db,
    { id: 'maker', name: '测试药企', kind: 'company', region: '421125' },
    now,
    catalog.hasRegion,
  );
  const writer = benchWriter(database, catalog);
  const goods = { item: 'hepatitis-b-vaccine', quantity: 100, lot: 'B1' };
  await writer.record({
    recordedBy: 'clinic',
    body: {
      type: 'donation',
      occurredAt: '2025-03-31T00:00:00+08:00',
      donor: 'maker',
      recipient: 'clinic',
      goods,
    },
  });
  const t0 = performance.now();
  const report = await importTemperatures(bytes, {
    file: 'bench',
    format: 'csv',
    target: { lot: 'B1', item: 'hepatitis-b-vaccine' },
    recordedBy: 'clinic',
    range: [2, 8],
    utcOffset: '+08:00',
    dryRun: false,
    write: (batch) => writer.recordBatch(batch),
  });
  const seconds = (performance.now() - t0) / 1000;
  database.close();
  if (report.created.events !== 1 || report.accepted !== readings)
    throw new Error(`logger import failed: ${JSON.stringify({ ...report, stages: undefined })}`);
  return readings / seconds;
}

export async function benchTemperatures(catalog: Catalog, readings = 100_000, reps = 3) {
  const bytes = loggerCsv(readings);
  const parse: number[] = [];
  const full: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const parsed = parseFile(bytes, 'csv');
    const file = readLoggerRows(parsed.sheets[0]!.rows, 8 * 60);
    if (file.readings.length !== readings) throw new Error('the logger file was not read whole');
    parse.push(readings / ((performance.now() - t0) / 1000));
    full.push(await importOnce(catalog, bytes, readings));
  }
  return [
    {
      file: `${readings.toLocaleString('en')}-reading logger CSV (UTF-8)`,
      readings,
      megabytes: round(bytes.length / 1024 / 1024, 1),
      reps,
      importReadingsPerSecond: round(median(full), 0),
      importSeconds: round(readings / median(full), 3),
      parseOnlyReadingsPerSecond: round(median(parse), 0),
      parseOnlySeconds: round(readings / median(parse), 3),
      ratio: round(median(full) / median(parse), 3),
    },
  ];
}
