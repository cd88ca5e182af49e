/**
 * Writes what a batch of applied events changed: event rows, lots and their shares, flows,
 * event standings, gifts and appeals. Rows go in bulk; when an id occurs twice in a batch,
 * the last version wins, as it would have row by row.
 */
import type { InValue } from '@libsql/client';
import type { Outcome } from '../domain/ledger-state.ts';
import type { LotBook } from '../domain/lots.ts';
import { deleteWhereIn, insertRows, upsert, type Executor } from './bulk-sql.ts';
import { encodeDeltas } from './delta-codec.ts';
import { appeals, donations, eventState, events, flows, lotShares, lots } from './schema.ts';

export interface AppliedEvent {
  outcome: Outcome;
  /** The event's canonical leaf, computed once when it was appended to the log. */
  leaf: string;
}

const b = (v: boolean) => (v ? 1 : 0);

export async function persistOutcomes(db: Executor, applied: AppliedEvent[], book: LotBook): Promise<void> {
  await insertRows(db, events, ['seq', 'id', 'type', 'recorded_by', 'recorded_at', 'occurred_at', 'leaf'],
    applied.map(({ outcome: { event: e }, leaf }) => [e.seq, e.id, e.body.type, e.recordedBy, e.recordedAt, e.body.occurredAt, leaf]));
  await persistProjections(db, applied, book);
}

/** Everything but the event rows themselves: what `rebuild` rewrites. */
export async function persistProjections(db: Executor, applied: AppliedEvent[], book: LotBook): Promise<void> {
  // Lots: only the amount of a lot ever changes after it is created.
  const changed = [...book.changed].sort((x, y) => x - y);
  const live = changed.map((id) => book.get(id)!).filter((l) => l.amount > 0);
  await deleteWhereIn(db, lotShares, 'lot', changed);
  await deleteWhereIn(db, lots, 'id', changed.filter((id) => book.get(id)!.amount === 0));
  await insertRows(db, lots,
    ['id', 'holder', 'asset', 'lot_code', 'expires_on', 'restriction_region', 'restriction_disease', 'restriction_appeal', 'state', 'transfer', 'acquired_seq', 'amount'],
    live.map((l) => [l.id, l.holder, l.asset, l.lotCode, l.expiresOn, l.restriction?.region ?? null, l.restriction?.disease ?? null,
      l.restriction?.appeal ?? null, l.state, l.transfer, l.acquiredSeq, l.amount]),
    upsert('id', ['amount']));
  await insertRows(db, lotShares, ['lot', 'donation', 'amount'], live.flatMap((l) => [...l.shares].map(([d, v]): InValue[] => [l.id, d, v])));
  book.clearChanged();

  await insertRows(db, flows, ['seq', 'event', 'donation', 'kind', 'from_org', 'to_org', 'asset', 'lot_code', 'amount', 'disease', 'reason', 'breach', 'undo'],
    applied.flatMap(({ outcome: o }) => o.flows.map((f): InValue[] => [o.event.seq, o.event.id, f.donation, f.kind, f.from, f.to, f.asset, f.lotCode, f.amount, f.disease, f.reason, b(f.breach), b(f.undo === true)])));

  // An event's breach flag is set when it is recorded (or replaced) and kept when others update its standing.
  const facts = new Map<string, InValue[]>();
  for (const { outcome: o } of applied) {
    for (const f of o.facts) {
      const own = f.id === o.event.id || f.effectiveEvent === o.event.id;
      facts.set(f.id, [f.id, f.seq, f.type, f.recordedBy, f.status, f.effectiveEvent, f.receivedBy, b(own && o.breach),
        JSON.stringify(f.body), encodeDeltas(f.deltas)]);
    }
  }
  await insertRows(db, eventState, ['id', 'seq', 'type', 'recorded_by', 'status', 'effective_event', 'received_by', 'breach', 'body', 'deltas'],
    [...facts.values()], upsert('id', ['status', 'effective_event', 'received_by', 'body', 'deltas']));

  const gifts = new Map(applied.flatMap(({ outcome: o }) => o.donations.map((d) => [d.key, d] as const)));
  const giftCols = ['key', 'kind', 'receipt_code', 'current_event', 'status', 'donor', 'donor_kind', 'anonymous', 'recipient', 'asset', 'lot_code', 'amount',
    'restriction_region', 'restriction_disease', 'restriction_appeal', 'restriction_purpose', 'occurred_at', 'seq'];
  await insertRows(db, donations, giftCols, [...gifts.values()].map((d) => [d.key, d.kind, d.receiptCode, d.currentEvent, d.status, d.donor, d.donorKind,
    b(d.anonymous), d.recipient, d.asset, d.lotCode, d.amount, d.restriction?.region ?? null, d.restriction?.disease ?? null,
    d.restriction?.appeal ?? null, d.restriction?.purpose ?? null, d.occurredAt, d.seq]),
  upsert('key', giftCols.filter((c) => !['key', 'kind', 'receipt_code', 'seq'].includes(c))));

  const appealRows = new Map(applied.flatMap(({ outcome: o }) => o.appeals.map((a) => [a.id, a] as const)));
  await insertRows(db, appeals, ['id', 'title_zh', 'title_en', 'region', 'disease', 'opened_by', 'opened_at', 'seq', 'status'],
    [...appealRows.values()].map((a) => [a.id, a.titleZh, a.titleEn, a.region, a.disease, a.openedBy, a.openedAt, a.seq, a.status]),
    upsert('id', ['title_zh', 'title_en', 'region', 'disease', 'status']));
}
