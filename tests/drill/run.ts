/**
 * `npm run drill` — attacks on a running portal from outside, on loopback only, with bounded
 * counts: kill -9 during writes and during an import, write and read fuzzing, authorization
 * attacks, concurrent writers on one and two processes, one Idempotency-Key from many clients,
 * a full disk and a read-only file system. Prints tried / held / failed per drill and writes
 * the table to tests/drill/results.json and tests/drill/RESULTS.md.
 *   npm run drill                   every drill
 *   npm run drill -- --only fuzz    drills whose name contains "fuzz"
 *   npm run drill -- --quick        smaller counts (a minute or two)
 * Exit status 1 when any attack was not held.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { authorizationAttacks } from './authorization.ts';
import { concurrentWriters, sharedIdempotencyKey } from './concurrency.ts';
import { crashDuringImport, crashDuringWrites } from './crash.ts';
import { readFuzz, writeFuzz } from './fuzz.ts';
import { gift, Scratch } from './portal.ts';
import type { DrillResult } from './result.ts';
import { storageFailures } from './storage.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' } } });
const quick = values.quick === true;
const n = (full: number, small: number) => (quick ? small : full);

const drills: Array<[string, (base: Scratch) => Promise<DrillResult>]> = [
  ['crash-writes', (b) => crashDuringWrites(b, n(5, 2))],
  ['crash-import', (b) => crashDuringImport(b, n(3000, 800), n(3, 2))],
  ['write-fuzz', (b) => writeFuzz(b, n(4000, 500))],
  ['read-fuzz', (b) => readFuzz(b, n(4000, 500))],
  ['authorization', (b) => authorizationAttacks(b)],
  ['writers-one-process', (b) => concurrentWriters(b, 48, n(20, 5), 1)],
  ['writers-two-processes', (b) => concurrentWriters(b, 48, n(20, 5), 2)],
  ['idempotency', (b) => sharedIdempotencyKey(b, 10, n(10, 3))],
  ['storage', (b) => storageFailures(b)],
];

const chosen = drills.filter(([name]) => !values.only || name.includes(values.only));
console.error('preparing a drill ledger…');
const base = await new Scratch('base').seed();
// A little history, so reads and proofs have something to chew on.
const server = await base.serve();
for (let i = 0; i < 200; i++)
  await (await server.post('charity', gift(1000 + i), { 'idempotency-key': `base-${i}` })).body?.cancel();
await server.stop();

const results: DrillResult[] = [];
for (const [name, drill] of chosen) {
  console.error(`drill ${name}…`);
  const started = performance.now();
  let r: DrillResult;
  try {
    r = await drill(base);
  } catch (e) {
    r = { drill: name, tried: 0, held: 0, failed: [`the drill itself failed: ${(e as Error).stack ?? e}`] };
  }
  r.figures = { ...r.figures, seconds: Math.round((performance.now() - started) / 100) / 10 };
  results.push(r);
  console.error(
    `  ${r.skipped ? `skipped: ${r.skipped}` : `${r.held}/${r.tried} held, ${r.failed.length} failures`}`,
  );
  for (const f of r.failed.slice(0, 5)) console.error(`    ${f}`);
}
base.remove();

console.table(
  results.map((r) => ({
    drill: r.drill,
    tried: r.tried,
    held: r.held,
    failed: r.failed.length,
    note:
      r.skipped ??
      Object.entries(r.figures ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join(', '),
  })),
);

if (!values.only) {
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
  const runAt = new Date().toISOString();
  const dir = new URL('./', import.meta.url);
  writeFileSync(
    new URL('results.json', dir),
    `${JSON.stringify({ machine, runAt, quick, results }, null, 2)}\n`,
  );
  const rows = results.map(
    (r) =>
      `| ${r.drill} | ${r.tried} | ${r.held} | ${r.failed.length} | ${
        r.skipped ??
        Object.entries(r.figures ?? {})
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')
      } |`,
  );
  writeFileSync(
    new URL('RESULTS.md', dir),
    [
      '# Drill results',
      '',
      `Run ${runAt} on ${machine.cpus} × ${machine.cpu}, Node ${machine.node}${quick ? ' (--quick counts)' : ''}.`,
      'Figures are counts of answers by HTTP status and the seconds each drill took.',
      '',
      '| drill | tried | held | failed | figures |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows,
      '',
      ...results.flatMap((r) =>
        r.failed.length ? [`## ${r.drill}: failures`, '', ...r.failed.map((f) => `- ${f}`), ''] : [],
      ),
    ].join('\n'),
  );
  console.log('written to tests/drill/results.json and tests/drill/RESULTS.md');
}
process.exitCode = results.some((r) => r.failed.length) ? 1 : 0;
