/**
 * Witnessing's cost: for each of N commits (one event each), the time from the commit to the
 * moment both witnesses' cosignatures are verified and stored (two witnesses on loopback, each
 * answering over HTTP and keeping its state file durable), beside the time to sign a checkpoint
 * alone, measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWitness, witnessedLogs } from '../../api/cli/commands/witness.ts';
import type { Catalog } from '../../api/domain/catalog.ts';
import { formatCheckpoint, signNote, verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { generateCosigningKey, parseCosigningKey } from '../../api/domain/witness/cosignature.ts';
import { WitnessSubmitter } from '../../api/http/witness/submitter.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';
import { benchKey, benchReceiptCodes, freshFileDatabase, benchPrivateSalts } from './ledger-fixture.ts';
import { median, quantile, round } from './stats.ts';
import { benchOrganizations, benchWorkload } from './workload.ts';

export async function benchWitnessing(catalog: Catalog, commits: number) {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-bench-witness-'));
  const database = await freshFileDatabase('witness');
  for (const o of benchOrganizations())
    await createOrganization(database.db, o, new Date(0), catalog.hasRegion);
  const witnesses = [];
  for (const n of [1, 2]) {
    const key = parseCosigningKey(generateCosigningKey(`w${n}.bench.local`, new Uint8Array(32).fill(60 + n)));
    const w = await startWitness({
      key,
      logs: witnessedLogs([verifierKeyFor(benchKey)]),
      statePath: join(dir, `w${n}.json`),
      host: '127.0.0.1',
      port: 0,
    });
    witnesses.push({ ...w, key });
  }
  const submitter = new WitnessSubmitter({
    db: database.db,
    witnesses: witnesses.map((w) => ({ url: w.url, key: w.key })),
    clock: () => new Date(),
    log: (m) => console.error(m),
  });
  let tick = Date.UTC(2026, 5, 1);
  const writer = new LedgerWriter({
    database,
    catalog,
    clock: () => new Date((tick += 1)),
    signingKey: benchKey,
    privateSalts: benchPrivateSalts,
    origin: benchKey.name,
    receiptCodes: benchReceiptCodes,
    onCommit: () => submitter.notify(),
  });
  const write: number[] = [];
  const quorum: number[] = [];
  const sign: number[] = [];
  for (const batch of benchWorkload(commits, 1)) {
    const t0 = performance.now();
    await writer.recordBatch(batch);
    const committed = performance.now();
    await submitter.settled();
    const cosigned = performance.now();
    write.push(committed - t0);
    quorum.push(cosigned - committed);
    const s0 = performance.now();
    signNote(
      formatCheckpoint({
        origin: benchKey.name,
        size: write.length,
        rootHash: new Uint8Array(32).fill(write.length % 256),
      }),
      benchKey,
    );
    sign.push(performance.now() - s0);
  }
  const stored = await database.client.execute('SELECT count(*) AS n FROM cosignatures');
  for (const w of witnesses) await w.close();
  database.close();
  rmSync(dir, { recursive: true, force: true });
  if (Number(stored.rows[0]!.n) !== commits * 2)
    throw new Error(`expected ${commits * 2} cosignatures, stored ${stored.rows[0]!.n}`);
  return {
    commits,
    witnesses: 2,
    quorumMedianMs: round(median(quorum), 2),
    quorumP95Ms: round(quantile(quorum, 0.95), 2),
    writeMedianMs: round(median(write), 2),
    signCheckpointMedianMs: round(median(sign), 3),
    note: "quorum = from the commit of a one-event batch to both witnesses' cosignatures verified and stored (add-checkpoint over loopback HTTP with a consistency proof; each witness fsyncs its state before answering); write = the one-event commit itself, which never waits for witnesses; sign = formatting and Ed25519-signing one checkpoint alone",
  };
}
