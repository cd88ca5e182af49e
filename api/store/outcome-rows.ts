/**
 * Writes what a batch of applied events changed: event rows, lots and their shares, flows,
 * event standings, gifts and appeals. Rows go in bulk; when an id occurs twice in a batch,
 * the last version wins, as it would have row by row.
 */
import type { InValue, ResultSet } from '@libsql/client';
import canonicalize from 'canonicalize';
import type { PrivatePart } from '../contract/privacy.ts';
import { seqOf } from '../domain/events.ts';
import type { Outcome } from '../domain/ledger-state.ts';
import type { CatalogLookup } from '../domain/ledger-state.ts';
import type { LotBook } from '../domain/lots.ts';
import { deliveredTo, epochMs, timeline, type NeedRecord } from '../domain/needs.ts';
import { recordedMagnitude, sum } from '../domain/amounts.ts';
import { CellDeltas, type RollUp } from './coverage-cells.ts';
import { deleteWhereIn, insertRows, questionMarks, upsert, type Executor } from './bulk-sql.ts';
import { encodeDeltas } from './delta-codec.ts';
import { persistCustody } from './custody-rows.ts';
import { persistReserves } from './reserve-rows.ts';
import { persistComplaints } from './complaint-rows.ts';
import {
  appeals,
  deliveries,
  donations,
  eventPrivate,
  eventState,
  events,
  flows,
  lotShares,
  lots,
  needAllocations,
  needs,
} from './schema.ts';

export interface AppliedEvent {
  outcome: Outcome;
  /** The event's canonical leaf, computed once when it was appended to the log. */
  leaf: string;
  /** What the leaf withholds, kept beside it (null: nothing, or a rebuild that only reads it). */
  privatePart?: PrivatePart | null;
}

const b = (v: boolean) => (v ? 1 : 0);

/** What the batch worked on, beyond the outcomes themselves. */
export interface WorkingSet {
  book: LotBook;
  /** Needs as stored before the batch (null for needs the batch created). */
  needsBefore: ReadonlyMap<string, NeedRecord | null>;
  rollUp: RollUp;
}

export const workingSet = (
  loader: { ledger: { book: LotBook }; needsBefore: ReadonlyMap<string, NeedRecord | null> },
  catalog: CatalogLookup,
): WorkingSet => ({
  book: loader.ledger.book,
  needsBefore: loader.needsBefore,
  rollUp: (code, level) => catalog.rollUp(code, level)?.code ?? code,
});

export async function persistOutcomes(
  db: Executor,
  applied: AppliedEvent[],
  working: WorkingSet,
): Promise<void> {
  await insertRows(
    db,
    events,
    // The id and the recording time are not written: the table computes them from seq and the leaf.
    ['seq', 'type', 'recorded_by', 'occurred_at', 'leaf'],
    applied.map(({ outcome: { event: e }, leaf }) => [
      e.seq,
      e.body.type,
      e.recordedBy,
      e.body.occurredAt,
      leaf,
    ]),
  );
  await insertRows(
    db,
    eventPrivate,
    ['seq', 'salt', 'withheld'],
    applied.flatMap(({ outcome: { event: e }, privatePart: p }) =>
      p ? [[e.seq, p.salt, canonicalize(p.withheld)!]] : [],
    ),
  );
  await persistProjections(db, applied, working);
}

/** Everything but the event rows themselves: what `rebuild` rewrites. */
export async function persistProjections(
  db: Executor,
  applied: AppliedEvent[],
  working: WorkingSet,
): Promise<void> {
  const { book } = working;
  // Lots: only the amount of a lot ever changes after it is created.
  const changed = [...book.changed].sort((x, y) => x - y);
  const live = changed.map((id) => book.get(id)!).filter((l) => l.amount > 0);
  await deleteWhereIn(db, lotShares, 'lot', changed);
  await deleteWhereIn(
    db,
    lots,
    'id',
    changed.filter((id) => book.get(id)!.amount === 0),
  );
  await insertRows(
    db,
    lots,
    [
      'id',
      'holder',
      'asset',
      'lot_code',
      'expires_on',
      'restriction_region',
      'restriction_disease',
      'restriction_appeal',
      'state',
      'transfer',
      'acquired_seq',
      'amount',
      'quarantine',
      'excursion',
    ],
    live.map((l) => [
      l.id,
      l.holder,
      l.asset,
      l.lotCode,
      l.expiresOn,
      l.restriction?.region ?? null,
      l.restriction?.disease ?? null,
      l.restriction?.appeal ?? null,
      l.state,
      l.transfer,
      l.acquiredSeq,
      l.amount,
      l.quarantine ?? null,
      l.excursion ?? null,
    ]),
    upsert('id', ['amount']),
  );
  await insertRows(
    db,
    lotShares,
    ['lot', 'donation', 'amount', 'position'],
    live.flatMap((l) => [...l.shares].map(([d, v], i): InValue[] => [l.id, d, v, i])),
  );
  book.clearChanged();

  await insertRows(
    db,
    flows,
    [
      'seq',
      'donation',
      'kind',
      'from_org',
      'to_org',
      'asset',
      'lot_code',
      'amount',
      'disease',
      'reason',
      'breach',
      'undo',
      'excursion',
    ],
    applied.flatMap(({ outcome: o }) =>
      o.flows.map((f): InValue[] => [
        o.event.seq,
        f.donation,
        f.kind,
        f.from,
        f.to,
        f.asset,
        f.lotCode,
        f.amount,
        f.disease,
        f.reason,
        b(f.breach),
        b(f.undo === true),
        f.excursion ?? null,
      ]),
    ),
  );

  // An event's breach flag is set when it is recorded (or replaced) and kept when others update its standing,
  // including a later event of the same batch (a receipt confirming the transfer that breached).
  const facts = new Map<string, InValue[]>();
  const seqOrNull = (id: string | null) => (id === null ? null : seqOf(id));
  for (const { outcome: o } of applied) {
    for (const f of o.facts) {
      const own = f.id === o.event.id || f.effectiveEvent === o.event.id;
      facts.set(f.id, [
        f.seq,
        f.status,
        seqOf(f.effectiveEvent),
        seqOrNull(f.replacedBy),
        seqOrNull(f.receivedBy),
        own ? b(o.breach) : (facts.get(f.id)?.[5] ?? 0),
        encodeDeltas(f.deltas),
      ]);
    }
  }
  await insertRows(
    db,
    eventState,
    ['seq', 'status', 'effective_seq', 'replacement_seq', 'receipt_seq', 'breach', 'deltas'],
    [...facts.values()],
    upsert('seq', ['status', 'effective_seq', 'replacement_seq', 'receipt_seq', 'deltas']),
  );

  const gifts = new Map(applied.flatMap(({ outcome: o }) => o.donations.map((d) => [d.key, d] as const)));
  const giftCols = [
    'key',
    'kind',
    'receipt_code',
    'current_event',
    'status',
    'donor',
    'donor_kind',
    'anonymous',
    'recipient',
    'asset',
    'lot_code',
    'amount',
    'restriction_region',
    'restriction_disease',
    'restriction_appeal',
    'restriction_purpose',
    'occurred_at',
    'seq',
    'donor_confirmed',
  ];
  await insertRows(
    db,
    donations,
    giftCols,
    [...gifts.values()].map((d) => [
      d.key,
      d.kind,
      d.receiptCode,
      d.currentEvent,
      d.status,
      d.donor,
      d.donorKind,
      b(d.anonymous),
      d.recipient,
      d.asset,
      d.lotCode,
      d.amount,
      d.restriction?.region ?? null,
      d.restriction?.disease ?? null,
      d.restriction?.appeal ?? null,
      d.restriction?.purpose ?? null,
      d.occurredAt,
      d.seq,
      b(d.donorConfirmed),
    ]),
    upsert(
      'key',
      giftCols.filter((c) => !['key', 'kind', 'receipt_code', 'seq'].includes(c)),
    ),
  );

  await persistNeeds(db, applied, working);
  await persistCustody(
    db,
    applied.flatMap(({ outcome: o }) => o.custody),
  );
  await persistReserves(
    db,
    applied.map(({ outcome }) => outcome),
  );
  await persistComplaints(
    db,
    applied.flatMap(({ outcome: o }) => o.complaints ?? []),
  );

  const appealRows = new Map(applied.flatMap(({ outcome: o }) => o.appeals.map((a) => [a.id, a] as const)));
  await insertRows(
    db,
    appeals,
    ['id', 'title_zh', 'title_en', 'region', 'disease', 'opened_by', 'opened_at', 'seq', 'status'],
    [...appealRows.values()].map((a) => [
      a.id,
      a.titleZh,
      a.titleEn,
      a.region,
      a.disease,
      a.openedBy,
      a.openedAt,
      a.seq,
      a.status,
    ]),
    upsert('id', ['title_zh', 'title_en', 'region', 'disease', 'status']),
  );

  // The latest moment any event says it happened: the default "as of" of reads, kept here
  // because finding it later means scanning every event (offsets differ, so text order is not time order).
  const latest = applied.reduce(
    (m, { outcome: o }) => Math.max(m, Date.parse(o.event.body.occurredAt)),
    -Infinity,
  );
  if (Number.isFinite(latest)) {
    await db.execute({
      sql: `INSERT INTO ledger_meta (key, value) VALUES ('${latestOccurredKey}', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`,
      args: [latest],
    });
  }
  const recorded = sum(applied.map(({ outcome: o }) => recordedMagnitude(o.event.body)));
  await db.execute({
    sql: `INSERT INTO ledger_meta (key, value) VALUES ('${recordedTotalKey}', ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value`,
    args: [recorded],
  });
}

export const latestOccurredKey = 'latest_occurred_ms';

/** Every amount the ledger has recorded, added up; see `ledgerTotalLimit`. */
export const recordedTotalKey = 'recorded_total';

async function persistNeeds(db: Executor, applied: AppliedEvent[], working: WorkingSet): Promise<void> {
  const cells = new CellDeltas(working.rollUp);
  const changed = new Map<string, NeedRecord>();
  for (const { outcome } of applied) for (const n of outcome.needs) changed.set(n.id, n);
  for (const [id, n] of changed) {
    cells.need(working.needsBefore.get(id) ?? null, -1);
    cells.need(n, 1);
  }
  await insertRows(
    db,
    needs,
    [
      'id',
      'seq',
      'facility',
      'region',
      'recorded_by',
      'item',
      'category',
      'quantity',
      'quantity_stated',
      'reported_by',
      'source',
      'disease',
      'target_group',
      'urgency',
      'importance',
      'priority',
      'appeal',
      'beneficiaries',
      'reported_at',
      'reported_at_ms',
      'status',
      'close_reason',
      'closed_at',
      'delivered',
      'first_delivery_at',
      'met_at',
      'as_of',
    ],
    [...changed.values()].map((n) => {
      const { firstDeliveryAt, metAt } = timeline(n);
      return [
        n.id,
        n.seq,
        n.facility,
        n.region,
        n.recordedBy,
        n.item,
        n.category,
        n.quantity,
        b(n.quantityStated),
        n.reportedBy,
        n.source,
        n.disease,
        n.targetGroup,
        n.urgency,
        n.importance,
        n.priority,
        n.appeal,
        n.beneficiaries,
        n.reportedAt,
        epochMs(n.reportedAt),
        n.status,
        n.closeReason,
        n.closedAt,
        deliveredTo(n),
        firstDeliveryAt,
        metAt,
        n.asOf,
      ];
    }),
    upsert('id', [
      'seq',
      'quantity',
      'quantity_stated',
      'disease',
      'urgency',
      'importance',
      'priority',
      'beneficiaries',
      'reported_at',
      'reported_at_ms',
      'status',
      'close_reason',
      'closed_at',
      'delivered',
      'first_delivery_at',
      'met_at',
      'item',
      'category',
      'target_group',
      'appeal',
      'as_of',
    ]),
  );
  await deleteWhereIn(db, needAllocations, 'need', [...changed.keys()]);
  await insertRows(
    db,
    needAllocations,
    ['need', 'seq', 'quantity', 'at'],
    [...changed.values()].flatMap((n) =>
      n.allocations.map((a): InValue[] => [n.id, a.seq, a.quantity, a.at]),
    ),
  );

  // Deliveries: new ones count their unmatched units; undone ones take theirs back.
  const fresh = new Map(applied.flatMap(({ outcome }) => outcome.deliveries.map((d) => [d.seq, d] as const)));
  const undone = applied.flatMap(({ outcome }) => outcome.undoneDeliveries);
  const undoneNow = new Set(undone.filter((seq) => fresh.has(seq)));
  for (const d of fresh.values()) if (!undoneNow.has(d.seq)) cells.delivery(d, 1);
  await insertRows(
    db,
    deliveries,
    ['seq', 'facility', 'region', 'item', 'category', 'quantity', 'unmatched', 'at', 'undone'],
    [...fresh.values()].map((d) => [
      d.seq,
      d.facility,
      d.region,
      d.item,
      d.category,
      d.quantity,
      d.unmatched,
      d.at,
      b(undoneNow.has(d.seq)),
    ]),
  );
  const stored = undone.filter((seq) => !fresh.has(seq));
  if (stored.length) {
    const rows = (await db.execute({
      sql: `SELECT seq, region, item, category, at, unmatched FROM deliveries WHERE undone = 0 AND seq IN (${questionMarks(stored.length)})`,
      args: stored,
    })) as ResultSet;
    for (const r of rows.rows)
      cells.delivery(
        {
          region: String(r.region),
          item: String(r.item),
          category: String(r.category),
          at: String(r.at),
          unmatched: Number(r.unmatched),
        },
        -1,
      );
    await db.execute({
      sql: `UPDATE deliveries SET undone = 1 WHERE seq IN (${questionMarks(stored.length)})`,
      args: stored,
    });
  }
  await cells.write(db);
}
