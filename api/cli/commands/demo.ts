/**
 * `demo --events N [--seed S]`: generates the synthetic demo dataset (data/demo) into the
 * configured database through the real write path, so it is also the ledger's bulk-ingest
 * figure. The ledger must be empty: the generator predicts every event's seq from 1.
 *
 * Everything is deterministic: organizations are created at the start of the simulated year,
 * each batch is recorded at the simulated moment it closes, and the dataset label carries the
 * end of that year, so a seed gives the same log root and the same projections on every run.
 */
import { parseArgs } from 'node:util';
import { defaultSeed, generatorName, planDemo, type DemoStats } from '../../../data/demo/generate.ts';
import { syntheticMark } from '../../../data/demo/names.ts';
import { instantOf } from '../../../data/demo/calendar.ts';
import { allOrganizations, createOrganization } from '../../store/admin.ts';
import { writeCatalogTables } from '../../store/catalog-tables.ts';
import { writeDatasetInfo } from '../../store/dataset-info.ts';
import { LedgerWriter } from '../../store/ledger-writer.ts';
import { logSize } from '../../store/log-size.ts';
import type { Config } from '../config.ts';
import { openContext, type Context } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { Progress } from '../progress.ts';

/** Enough for every page to have something to show; small enough for `npm start` to be quick. */
export const defaultDemoEvents = 30_000;

export interface DemoOptions {
  events?: number;
  seed?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  events: number;
  seed: string;
  organizations: number;
  /** Seconds spent writing (and generating) the events. */
  seconds: number;
  stats: DemoStats;
}

/** Generates the demo dataset into the (empty) ledger of `ctx`, quietly; refuses a ledger that holds events. */
export async function generateDemo(ctx: Context, opts: DemoOptions = {}): Promise<DemoResult> {
  const events = opts.events ?? defaultDemoEvents;
  const seed = opts.seed ?? defaultSeed;
  const held = await logSize(ctx.database.client);
  if (held > 0)
    throw new UsageError(
      `the ledger already holds ${held.toLocaleString('en')} events; the demo dataset is generated only into an empty ledger`,
    );
  const demo = planDemo(ctx.catalog, { events, seed });
  const t = demo.world.timeline;

  const existing = new Map((await allOrganizations(ctx.database.db)).map((o) => [o.id, o]));
  const createdAt = instantOf(t, 0, 0);
  for (const o of demo.world.orgs) {
    const had = existing.get(o.id);
    if (!had) await createOrganization(ctx.database.db, o, createdAt, ctx.catalog.hasRegion);
    else if (
      had.name !== o.name ||
      had.kind !== o.kind ||
      had.region !== o.region ||
      had.anonymous !== o.anonymous
    ) {
      throw new UsageError(
        `organization "${o.id}" already exists and is not the demo's; use an empty database for the demo`,
      );
    }
  }

  let now = createdAt;
  const writer = new LedgerWriter({ ...ctx, clock: () => now, origin: ctx.signingKey.name });
  const started = performance.now();
  let done = 0;
  for (const batch of demo.batches()) {
    now = batch.recordedAt;
    const results = await writer.recordBatch(batch.submissions);
    results.forEach((r, i) => {
      const s = batch.submissions[i]!;
      if (!r.ok)
        throw new Error(
          `the demo generator wrote an event the ledger refused (${s.body.type} by ${s.recordedBy}): ${r.problem.detail}`,
        );
      if (r.answer.seq !== batch.firstSeq + i)
        throw new Error(`demo event recorded as seq ${r.answer.seq}, expected ${batch.firstSeq + i}`);
    });
    done += results.length;
    opts.onProgress?.(done, events);
    // libsql frees a prepared statement's native memory only in a finalizer that runs from the
    // event loop; a loop of awaits on settled promises never gets there (tursodatabase/libsql-js#153),
    // so without this turn a million events would hold gigabytes.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - started) / 1000;

  await writeDatasetInfo(ctx.database.db, {
    synthetic: true,
    description:
      `Synthetic demo data: invented organizations (names end in ${syntheticMark}), gifts, shipments and uses from ${t.start} to ${t.end}; ` +
      `${events.toLocaleString('en')} events, seed "${seed}". Not real charity data. 合成演示数据：机构、捐赠与使用均为虚构。`,
    seed,
    generatedAt: now.toISOString(),
    generator: generatorName,
  });
  return { events: done, seed, organizations: demo.world.orgs.length, seconds, stats: demo.stats };
}

/** `generateDemo` with progress on stderr and a summary at the end: what `init --demo` and `demo` run. */
export async function loadDemo(
  ctx: Context,
  opts: Omit<DemoOptions, 'onProgress'> = {},
): Promise<DemoResult> {
  const progress = new Progress('demo', opts.events ?? defaultDemoEvents);
  const result = await generateDemo(ctx, { ...opts, onProgress: (done) => progress.update(done) });
  progress.done();
  console.error(describeDemo(result));
  return result;
}

function describeDemo(r: DemoResult): string {
  const types = Object.entries(r.stats.byType)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ');
  return [
    `generated ${r.events.toLocaleString('en')} synthetic events (seed "${r.seed}") for ${r.organizations} organizations in ${r.seconds.toFixed(1)} s ` +
      `(${Math.round(r.events / Math.max(r.seconds, 1e-3)).toLocaleString('en')} events/s)`,
    `  ${types}`,
    `  ${r.stats.breaches} restriction breaches, ${r.stats.shortfalls} short receipts, ${r.stats.expiredWrittenOff} expired lots written off`,
  ].join('\n');
}

export async function demoCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { events: { type: 'string' }, seed: { type: 'string' } } });
  const events = values.events === undefined ? defaultDemoEvents : Number(values.events.replace(/[_,]/g, ''));
  if (!Number.isInteger(events) || events < 1 || events > 100_000_000)
    throw new UsageError('--events needs a whole number from 1 to 100,000,000');
  if (values.seed !== undefined && !values.seed.trim()) throw new UsageError('--seed must not be empty');
  const ctx = await openContext(config, { createKey: true });
  try {
    await writeCatalogTables(ctx.database, ctx.catalog);
    await loadDemo(ctx, { events, seed: values.seed });
    return 0;
  } finally {
    ctx.database.close();
  }
}
