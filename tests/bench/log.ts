/**
 * The verifiable log's costs: the write path with and without it, proof generation on a
 * tree of 1,000,000 leaves, and verifying a 1,000,000-leaf export beside hashing the same
 * bytes with node's SHA-256 alone.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, writeFileSync, rmSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { drizzle } from 'drizzle-orm/libsql';
import type { Client } from '@libsql/client';
import type { Catalog } from '../../api/domain/catalog.ts';
import { verifierKeyFor } from '../../api/domain/merkle/index.ts';
import {
  LogAppender,
  proveConsistency,
  proveInclusion,
  saveCheckpoint,
  type OpenBatchLog,
} from '../../api/store/log-store.ts';
import * as schema from '../../api/store/schema.ts';
import { verifyExportDir } from '../../api/store/exports/verify-export.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';
import { benchKey, benchReceiptCodes, benchPrivateSalts, freshFileDatabase } from './ledger-fixture.ts';
import { benchOrganizations, benchWorkload } from './workload.ts';
import { median, quantile, round } from './stats.ts';

/** Leaves counted, nothing hashed or stored: the write path without its log. */
const unlogged: OpenBatchLog = async (_tx, size) => {
  let n = size;
  return {
    get treeSize() {
      return n;
    },
    append: () => n++,
    commit: async () => {},
  };
};

async function ingest(catalog: Catalog, events: number, openLog?: OpenBatchLog) {
  const database = await freshFileDatabase('log-cost');
  for (const o of benchOrganizations())
    await createOrganization(database.db, o, new Date(0), catalog.hasRegion);
  let tick = 0;
  const writer = new LedgerWriter({
    database,
    catalog,
    clock: () => new Date(++tick),
    signingKey: benchKey,
    origin: benchKey.name,
    receiptCodes: benchReceiptCodes,
    privateSalts: benchPrivateSalts,
    openLog,
  });
  const t0 = performance.now();
  for (const batch of benchWorkload(events, 2_000)) await writer.recordBatch(batch);
  const rate = events / ((performance.now() - t0) / 1000);
  database.close();
  return rate;
}

export async function benchLogCost(catalog: Catalog, events: number, reps: number) {
  const logged: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < reps; r++) {
    bare.push(await ingest(catalog, events, unlogged));
    logged.push(await ingest(catalog, events));
  }
  return {
    events,
    reps,
    withLogEventsPerSecond: round(median(logged), 0),
    withoutLogEventsPerSecond: round(median(bare), 0),
    logCostPercent: round(100 * (1 - median(logged) / median(bare)), 1),
  };
}

const syntheticLeaf = (i: number) =>
  JSON.stringify({
    event: {
      money: { amount: 1000 + (i % 9973), currency: 'CNY' },
      occurredAt: '2026-01-01T00:00:00Z',
      recipient: `org-${i % 97}`,
      type: 'donation',
      anonymous: true,
      donorKind: 'individual',
    },
    id: `evt_${i + 1}`,
    recordedAt: '2026-01-01T00:00:00.000Z',
    recordedBy: `org-${i % 97}`,
    seq: i + 1,
  });

export async function benchProofs(leaves: number, samples: number) {
  const database = await freshFileDatabase('proofs');
  const chunk = 100_000;
  const t0 = performance.now();
  for (let start = 0; start < leaves; start += chunk) {
    const tx = await database.client.transaction('write');
    const db = drizzle(tx as unknown as Client, { schema });
    const appender = await LogAppender.open(db, start);
    for (let i = start; i < Math.min(leaves, start + chunk); i++) appender.append(syntheticLeaf(i));
    await appender.flush(tx);
    if (start + chunk >= leaves)
      await saveCheckpoint(
        db,
        benchKey.name,
        appender.treeSize,
        appender.rootHash(),
        benchKey,
        new Date().toISOString(),
      );
    await tx.commit();
    tx.close();
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  const inclusion: number[] = [];
  const consistency: number[] = [];
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  for (let s = 0; s < samples; s++) {
    const index = next() % leaves;
    const t1 = performance.now();
    await proveInclusion(database.db, index, leaves);
    inclusion.push(performance.now() - t1);
    const m = 1 + (next() % (leaves - 1));
    const t2 = performance.now();
    await proveConsistency(database.db, m, leaves);
    consistency.push(performance.now() - t2);
  }
  database.close();
  return {
    leaves,
    samples,
    appendLeavesPerSecond: round(leaves / buildSeconds, 0),
    inclusionMsP50: round(median(inclusion), 3),
    inclusionMsP95: round(quantile(inclusion, 0.95), 3),
    consistencyMsP50: round(median(consistency), 3),
    consistencyMsP95: round(quantile(consistency, 0.95), 3),
  };
}

export async function benchVerifyExport(leaves: number) {
  const dir = join(tmpdir(), 'aidtrail-bench-export');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The export: leaves, the signed checkpoint, the key.
  const out = createWriteStream(join(dir, 'events.ndjson'));
  const appender = await LogAppender.open(
    { select: () => ({ from: () => ({ where: async () => [] }) }) } as never,
    0,
  );
  for (let i = 0; i < leaves; i++) {
    const line = syntheticLeaf(i);
    appender.append(line);
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { signNote, formatCheckpoint } = await import('../../api/domain/merkle/index.ts');
  const note = signNote(
    formatCheckpoint({ origin: benchKey.name, size: leaves, rootHash: appender.rootHash() }),
    benchKey,
  );
  writeFileSync(join(dir, 'checkpoint.txt'), note);
  writeFileSync(join(dir, 'checkpoints.ndjson'), `${JSON.stringify({ size: leaves, note })}\n`);
  writeFileSync(join(dir, 'public-key.txt'), `${verifierKeyFor(benchKey)}\n`);

  const raw: number[] = [];
  const verify: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    let n = 0;
    for await (const line of createInterface({
      input: createReadStream(join(dir, 'events.ndjson')),
      crlfDelay: Infinity,
    })) {
      createHash('sha256').update(line).digest();
      n += 1;
    }
    raw.push(n / ((performance.now() - t0) / 1000));
    const t1 = performance.now();
    const verdict = await verifyExportDir(dir, verifierKeyFor(benchKey), undefined, { logOnly: true });
    if (!verdict.ok) throw new Error(verdict.reason);
    verify.push(leaves / ((performance.now() - t1) / 1000));
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    leaves,
    verifyLeavesPerSecond: round(median(verify), 0),
    rawSha256LinesPerSecond: round(median(raw), 0),
    ratio: round(median(verify) / median(raw), 3),
    note: 'raw = reading the same file line by line and hashing each line once with node:crypto SHA-256; verify also hashes every tree node and checks the signature',
  };
}
