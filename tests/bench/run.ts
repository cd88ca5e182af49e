/**
 * `npm run bench` — prints the figures and writes tests/bench/results.json. Every figure
 * stands beside a baseline measured in the same run on the same machine.
 *   npm run bench                      ingest, HTTP writes, log costs and proofs at 1M leaves, fate at 10k and 100k events
 *   npm run bench -- --only log        one section: ingest | http | log | commitments | fate | coverage | load | export | import | witness | temperatures | reserves | site | rebuild | storage | complaints
 *   npm run bench -- --seconds 10      shorter load runs (default 30 s per target)
 *   npm run bench -- --reuse           measure fate on the ledgers a previous run built
 *   npm run bench -- --scale 1000000   also fate, rebuild (once) and storage at 1M events (several minutes)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../../api/store/catalog-files.ts';
import { benchCoverage } from './coverage.ts';
import { benchFate } from './fate.ts';
import { benchReadLoad } from './read-load.ts';
import { benchHttpWrites } from './http-writes.ts';
import { benchIngest } from './ingest.ts';
import { benchLogCost, benchProofs, benchVerifyExport } from './log.ts';
import { benchExport } from './export.ts';
import { benchImport } from './import.ts';
import { benchWitnessing } from './witness.ts';
import { benchCommitments } from './commitments.ts';
import { benchTemperatures } from './temperatures.ts';
import { benchReserves } from './reserves.ts';
import { benchSite } from './site.ts';
import { benchRebuild } from './rebuild.ts';
import { benchComplaints } from './complaints.ts';
import { benchStorage } from './storage.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', multiple: true },
    only: { type: 'string' },
    seconds: { type: 'string' },
    reuse: { type: 'boolean' },
  },
});
const scales = (values.scale ?? [])
  .map(Number)
  .concat([10_000, 100_000])
  .filter((v, i, a) => a.indexOf(v) === i)
  .sort((a, b) => a - b);
const catalog = await loadCatalog();
const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  runAt: new Date().toISOString(),
};
const log = (name: string, value: unknown) => {
  results[name] = value;
  console.log(`\n${name}`);
  console.table(value);
};
const show = (label: string) => (done: number) =>
  process.stderr.isTTY && process.stderr.write(`\r${label}: ${done.toLocaleString('en')} events   `);

if (!values.only || values.only === 'ingest') log('ingest', await benchIngest(catalog, 50_000, 2_000, 3));
if (!values.only || values.only === 'http')
  log('httpWrites', await benchHttpWrites(catalog, 1_000, Number(values.seconds ?? 15)));
if (!values.only || values.only === 'log') {
  log('logCost', await benchLogCost(catalog, 50_000, 3));
  log('proofs', await benchProofs(1_000_000, 1_000));
  log('verifyExport', await benchVerifyExport(1_000_000));
}
if (!values.only || values.only === 'commitments')
  log('commitments', await benchCommitments(catalog, 10_000, 4));
if (!values.only || values.only === 'fate') {
  const fate = [];
  for (const events of scales)
    fate.push(
      await benchFate(
        catalog,
        events,
        200,
        show(`ledger of ${events.toLocaleString('en')}`),
        values.reuse === true,
      ),
    );
  log('fate', fate);
}
if (!values.only || values.only === 'coverage')
  log('coverage', await benchCoverage(scales, 200, (n) => show(`demo ledger of ${n.toLocaleString('en')}`)));
if (!values.only || values.only === 'load')
  log('readLoad', await benchReadLoad(30_000, Number(values.seconds ?? 30), show('demo ledger of 30,000')));
if (!values.only || values.only === 'export') log('export', await benchExport());
if (!values.only || values.only === 'import') log('import', await benchImport(catalog));
if (!values.only || values.only === 'witness') log('witnessing', await benchWitnessing(catalog, 200));
if (!values.only || values.only === 'temperatures') log('temperatures', await benchTemperatures(catalog));
if (!values.only || values.only === 'reserves') {
  // The default demo (30,000 events) first: its back-test figures are the ones the README quotes.
  const r = await benchReserves([30_000, 100_000], 5, (n) =>
    show(`demo ledger of ${n.toLocaleString('en')}`),
  );
  log('reserves', r.forecasting);
  log('reserveBacktests', r.demoBacktests);
}
if (!values.only || values.only === 'site')
  log('site', await benchSite(30_000, 5, show('demo ledger of 30,000')));
if (!values.only || values.only === 'rebuild') {
  log('rebuild', await benchRebuild([100_000], (n) => show(`demo ledger of ${n.toLocaleString('en')}`)));
  // Larger ledgers (--scale) once each: a rebuild of a million events takes minutes.
  const large = scales.filter((n) => n > 100_000);
  if (large.length)
    log(
      'rebuildLarge',
      await benchRebuild(large, (n) => show(`demo ledger of ${n.toLocaleString('en')}`), 1),
    );
}
if (!values.only || values.only === 'storage')
  log('storage', await benchStorage(scales, (n) => show(`demo ledger of ${n.toLocaleString('en')}`)));
if (!values.only || values.only === 'complaints') log('complaints', await benchComplaints(catalog, 300, 3));
const out = new URL('./results.json', import.meta.url);
// A partial run (--only) updates its own sections and keeps the others.
const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(out, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
console.log(`\nwritten to ${out.pathname}`);
