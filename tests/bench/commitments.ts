/**
 * The cost of log format 2 on the write path: the same workload written with the public leaf
 * and its commitment (the private part split off, salted, hashed and stored beside it) and
 * with the former leaf (the whole event, receipt code included, and nothing beside it), in
 * the same run, rounds alternating so both see the same machine.
 */
import canonicalize from 'canonicalize';
import type { Catalog } from '../../api/domain/catalog.ts';
import { createOrganization } from '../../api/store/admin.ts';
import type { RecordedEvent } from '../../api/domain/events.ts';
import { LedgerWriter, leafOf, type LeafOf } from '../../api/store/ledger-writer.ts';
import { benchKey, benchPrivateSalts, benchReceiptCodes, freshFileDatabase } from './ledger-fixture.ts';
import { median, round } from './stats.ts';
import { benchOrganizations, benchWorkload } from './workload.ts';

/** The leaf of log format 1: the event as recorded, receipt code and all. */
const formatOneLeaf: LeafOf = (e) => ({
  leaf: canonicalize({
    id: e.id,
    seq: e.seq,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
    receiptCode: e.receiptCode,
    event: e.body,
  })!,
  privatePart: null,
});

async function ingest(catalog: Catalog, events: number, leafOf?: LeafOf) {
  const database = await freshFileDatabase('commitments');
  for (const o of benchOrganizations())
    await createOrganization(database.db, o, new Date(0), catalog.hasRegion);
  // Recorded after the workload's events happened (they start on 2026-01-01).
  let tick = Date.UTC(2027, 0, 1);
  const writer = new LedgerWriter({
    database,
    catalog,
    clock: () => new Date(++tick),
    signingKey: benchKey,
    origin: benchKey.name,
    receiptCodes: benchReceiptCodes,
    privateSalts: benchPrivateSalts,
    leafOf,
  });
  const t0 = performance.now();
  for (const batch of benchWorkload(events, 2_000)) {
    const refused = (await writer.recordBatch(batch)).find((r) => !r.ok);
    if (refused && !refused.ok) throw new Error(`benchmark workload refused: ${refused.problem.detail}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const committed = Number(
    (await database.client.execute('SELECT count(*) AS n FROM event_private')).rows[0]!.n,
  );
  database.close();
  return { rate: events / seconds, committed };
}

/** Microseconds per event of the leaf function alone, over the workload's events. */
function leafCost(events: number, leaf: LeafOf): number {
  const recorded: RecordedEvent[] = [];
  for (const batch of benchWorkload(events, 2_000))
    for (const s of batch) {
      const seq = recorded.length + 1;
      recorded.push({
        id: `evt_${seq}`,
        seq,
        recordedBy: s.recordedBy,
        recordedAt: '2027-01-01T00:00:00.000Z',
        body: s.body,
        ...(s.body.type === 'donation' ? { receiptCode: benchReceiptCodes(`evt_${seq}`) } : {}),
      });
    }
  const party = () => ({ anonymous: false, kind: 'charity' });
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (const e of recorded) leaf(e, party, benchPrivateSalts);
    times.push(((performance.now() - t0) * 1000) / recorded.length);
  }
  return median(times);
}

export async function benchCommitments(catalog: Catalog, events: number, rounds: number) {
  const v1: number[] = [];
  const v2: number[] = [];
  let committed = 0;
  // One warm-up of each, then rounds in alternating order, so neither format gets the warm machine.
  await ingest(catalog, events, formatOneLeaf);
  await ingest(catalog, events);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [formatOneLeaf, undefined] : [undefined, formatOneLeaf];
    for (const leaf of order) {
      const run = await ingest(catalog, events, leaf);
      (leaf ? v1 : v2).push(run.rate);
      if (!leaf) committed = run.committed;
    }
  }
  const one = median(v1);
  const two = median(v2);
  const leafOne = leafCost(events, formatOneLeaf);
  const leafTwo = leafCost(events, leafOf);
  return {
    events,
    rounds,
    'leaf alone, format 1 (µs/event)': round(leafOne, 2),
    'leaf alone, format 2 with salt and commitment (µs/event)': round(leafTwo, 2),
    eventsWithPrivatePart: committed,
    'format 1 leaf (events/s)': round(one, 0),
    'format 2 leaf + commitment (events/s)': round(two, 0),
    'write path difference per event (µs)': round(1e6 / two - 1e6 / one, 1),
    'write path slowdown (%)': round((one / two - 1) * 100, 1),
  };
}
