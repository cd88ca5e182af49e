/**
 * Bulk export throughput and memory: `aidtrail export --format csv`, then `--format ndjson`
 * (the event log plus every public table), each run as the command itself in a fresh child
 * process, so its peak RSS is the command's own (the CLI alone, with nothing exported, is
 * measured too), beside a bare fs write of the same number of bytes in the same run; and one
 * full export (CSV, NDJSON, SQLite, data package) for file sizes. Medians over the repetitions.
 *
 * The ledger is the 1,000,000-event demo database when there is one (AIDTRAIL_BENCH_EXPORT_DB
 * and AIDTRAIL_BENCH_EXPORT_KEY, default /tmp/demo1m.db and /tmp/demo1m.key); otherwise a
 * smaller demo ledger is generated, and the results say so.
 *
 * Run as a child: tsx tests/bench/export.ts --child DB_URL KEY_FILE DIR FORMATS
 */
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, round } from './stats.ts';

const run = promisify(execFile);
const here = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

interface ChildResult {
  events: number;
  tableRows: number;
  seconds: number;
  peakRssMb: number;
  bytes: number;
  files: Record<string, number>;
}

/** Runs `aidtrail export DIR --format FORMATS` itself, as a user would, and reports on it. */
async function child(url: string, keyFile: string, dir: string, formats: string): Promise<void> {
  process.env.DATABASE_URL = url;
  process.env.AIDTRAIL_SIGNING_KEY = keyFile;
  const { main } = await import('../../api/cli/main.ts');
  const t0 = performance.now();
  const code = await main(['export', dir, '--format', formats]);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`export exited ${code}`);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const described = JSON.parse(await readFile(join(dir, 'datapackage.json'), 'utf8')) as {
    checkpoint: { size: number };
    resources: Array<{ path: string; rows?: number; format: string }>;
  };
  const files = Object.fromEntries(readdirSync(dir).map((n) => [n, statSync(join(dir, n)).size]));
  const out: ChildResult = {
    events: described.checkpoint.size,
    // Each table is counted once, whichever formats were written.
    tableRows: Object.values(
      Object.fromEntries(
        described.resources
          .filter((r) => r.rows !== undefined)
          .map((r) => [r.path.replace(/\.\w+$/, ''), r.rows!]),
      ),
    ).reduce((a, b) => a + b, 0),
    seconds,
    peakRssMb,
    bytes: Object.values(files).reduce((a, b) => a + b, 0),
    files,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** What the command costs before exporting anything: the CLI loaded and its context opened. */
async function baseline(url: string, keyFile: string): Promise<void> {
  process.env.DATABASE_URL = url;
  process.env.AIDTRAIL_SIGNING_KEY = keyFile;
  await import('../../api/cli/main.ts');
  const { openContext } = await import('../../api/cli/context.ts');
  const { configFromEnv } = await import('../../api/cli/config.ts');
  (await openContext(configFromEnv())).database.close();
  process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

async function exportInChild(url: string, keyFile: string, formats: string): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-bench-export-'));
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', here, '--child', url, keyFile, dir, formats],
      { cwd: root, maxBuffer: 1 << 24 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The disk's own speed for the same bytes: 1 MiB writes through a stream, nothing computed. */
async function bareWrite(bytes: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-bench-fs-'));
  const chunk = Buffer.alloc(1 << 20, 0x61);
  const t0 = performance.now();
  const out = createWriteStream(join(dir, 'bytes'));
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!out.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

/** A demo ledger of `events` events in a temp folder, through the CLI's own demo generator. */
async function smallerLedger(events: number): Promise<{ url: string; keyFile: string; note: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-bench-ledger-'));
  const env = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, 'ledger.db')}`,
    AIDTRAIL_SIGNING_KEY: join(dir, 'ledger.key'),
  };
  await run(process.execPath, ['api/cli/bin.mjs', 'init', '--empty'], { cwd: root, env });
  await run(process.execPath, ['api/cli/bin.mjs', 'demo', '--events', String(events)], {
    cwd: root,
    env,
    maxBuffer: 1 << 24,
  });
  return {
    url: env.DATABASE_URL,
    keyFile: env.AIDTRAIL_SIGNING_KEY,
    note: `no 1M-event demo database found: generated a ${events.toLocaleString('en')}-event demo ledger instead`,
  };
}

const mb = (bytes: number) => bytes / 2 ** 20;

export async function benchExport(reps = Number(process.env.AIDTRAIL_BENCH_EXPORT_REPS ?? 3)) {
  const db = process.env.AIDTRAIL_BENCH_EXPORT_DB ?? '/tmp/demo1m.db';
  const key = process.env.AIDTRAIL_BENCH_EXPORT_KEY ?? '/tmp/demo1m.key';
  const source =
    existsSync(db) && existsSync(key)
      ? { url: `file:${db}`, keyFile: key, note: `${db} (${(statSync(db).size / 2 ** 30).toFixed(1)} GiB)` }
      : await smallerLedger(50_000);
  const byFormat: Record<string, unknown> = {};
  let events = 0;
  for (const format of ['csv', 'ndjson'] as const) {
    const runs: ChildResult[] = [];
    const bare: number[] = [];
    for (let r = 0; r < reps; r++) {
      const res = await exportInChild(source.url, source.keyFile, format);
      runs.push(res);
      bare.push(await bareWrite(res.bytes));
      process.stderr.write(
        `export ${format} ${r + 1}/${reps}: ${res.seconds.toFixed(1)} s, ${Math.round(res.peakRssMb)} MB\n`,
      );
    }
    const { tableRows, bytes } = runs[0]!;
    events = runs[0]!.events;
    const seconds = median(runs.map((x) => x.seconds));
    const bareSeconds = median(bare);
    byFormat[format] = {
      tableRows,
      logLines: events,
      seconds: round(seconds, 1),
      tableRowsPerSecond: round(tableRows / seconds, 0),
      rowsPerSecond: round((tableRows + events) / seconds, 0),
      peakRssMb: round(Math.max(...runs.map((x) => x.peakRssMb)), 0),
      medianPeakRssMb: round(median(runs.map((x) => x.peakRssMb)), 0),
      mib: round(mb(bytes), 0),
      mibPerSecond: round(mb(bytes) / seconds, 1),
      bareFsSeconds: round(bareSeconds, 2),
      bareFsMibPerSecond: round(mb(bytes) / bareSeconds, 0),
    };
  }
  const full = await exportInChild(source.url, source.keyFile, 'csv,ndjson,sqlite');
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', here, '--baseline', source.url, source.keyFile],
    { cwd: root },
  );
  const cliBaselineRssMb = round(
    (JSON.parse(stdout.trim().split('\n').at(-1)!) as { peakRssMb: number }).peakRssMb,
    0,
  );
  const largest = Object.entries(full.files).sort((a, b) => b[1] - a[1]);
  return {
    source: source.note,
    events,
    reps,
    cliBaselineRssMb,
    csv: byFormat.csv,
    ndjson: byFormat.ndjson,
    full: {
      formats: 'csv, ndjson, sqlite + log, datapackage, checksums',
      seconds: round(full.seconds, 1),
      peakRssMb: round(full.peakRssMb, 0),
      files: Object.keys(full.files).length,
      mib: round(mb(full.bytes), 0),
      largestMib: Object.fromEntries(largest.slice(0, 8).map(([n, b]) => [n, round(mb(b), 1)])),
    },
  };
}

if (process.argv[2] === '--baseline') {
  await baseline(process.argv[3]!, process.argv[4]!);
} else if (process.argv[2] === '--child') {
  const [, , , url, keyFile, dir, formats] = process.argv;
  await child(url!, keyFile!, dir!, formats ?? '');
} else if (process.argv[1] === here) {
  console.log(JSON.stringify(await benchExport(), null, 2));
}
