/**
 * Rebuilding every projection from the log, on demo ledgers, beside reading the same leaves
 * (and their private parts) alone: time and peak resident memory, each in its own process so
 * that one measurement's heap cannot flatter or burden the next. The ledger is copied first,
 * so the shared demo ledger is never rewritten. Figures are medians of `reps` runs.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { configFromEnv } from '../../api/cli/config.ts';
import { openContext } from '../../api/cli/context.ts';
import { projectionDigest, readStoredEvents, rebuildProjections } from '../../api/store/rebuild.ts';
import { demoLedger, demoLedgerPath } from './demo-ledger.ts';
import { median, round } from './stats.ts';

const run = promisify(execFile);

interface Measured {
  seconds: number;
  peakRssMb: number;
  events: number;
  digestStable?: boolean;
  digest?: string;
}

/**
 * One measurement in a fresh process: `leaves` reads the log alone, `rebuild` rebuilds, `digest`
 * computes the projection digest (before and after a rebuild, each in its own process, so the
 * rebuild's peak memory is its own).
 */
async function measure(mode: 'leaves' | 'rebuild' | 'digest', path: string): Promise<Measured> {
  const { stdout } = await run(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), mode, path],
    { maxBuffer: 1 << 20, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' } },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
}

export async function benchRebuild(
  sizes: number[],
  onProgress?: (n: number) => (done: number) => void,
  reps = 3,
) {
  const rows = [];
  for (const events of sizes) {
    (await demoLedger(events, onProgress?.(events))).database.close();
    const copy = `${demoLedgerPath(events)}.rebuild`;
    const leaves: Measured[] = [];
    const rebuilt: Measured[] = [];
    for (let r = 0; r < reps; r++) {
      copyFileSync(demoLedgerPath(events), copy);
      try {
        leaves.push(await measure('leaves', copy));
        const before = await measure('digest', copy);
        const after = await measure('rebuild', copy);
        rebuilt.push({ ...after, digestStable: (await measure('digest', copy)).digest === before.digest });
      } finally {
        for (const suffix of ['', '-wal', '-shm', '.key']) rmSync(`${copy}${suffix}`, { force: true });
      }
    }
    const seconds = median(rebuilt.map((m) => m.seconds));
    const readSeconds = median(leaves.map((m) => m.seconds));
    rows.push({
      events: rebuilt[0]!.events,
      reps,
      rebuildSeconds: round(seconds, 1),
      rebuildPeakRssMb: median(rebuilt.map((m) => m.peakRssMb)),
      eventsPerSecond: Math.round(rebuilt[0]!.events / seconds),
      digestStable: rebuilt.every((m) => m.digestStable === true),
      readLeavesSeconds: round(readSeconds, 1),
      readLeavesPeakRssMb: median(leaves.map((m) => m.peakRssMb)),
      shareOfReadRate: round(readSeconds / seconds, 3),
    });
  }
  return rows;
}

async function child(mode: string, path: string) {
  const ctx = await openContext(
    { ...configFromEnv({}), databaseUrl: `file:${path}`, signingKeyPath: `${path}.key` },
    { createKey: true },
  );
  const t0 = performance.now();
  let events = 0;
  if (mode === 'leaves') {
    for await (const page of readStoredEvents(ctx.database.client)) events += page.length;
  } else if (mode === 'digest') {
    const digest = await projectionDigest(ctx.database);
    ctx.database.close();
    console.log(
      JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakRssMb: peak(), events, digest }),
    );
    return;
  } else {
    events = await rebuildProjections(ctx.database, ctx.catalog);
  }
  ctx.database.close();
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakRssMb: peak(), events }));
}

const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (process.argv[1] === fileURLToPath(import.meta.url)) await child(process.argv[2]!, process.argv[3]!);
