/**
 * Reserve projections: the plans filed and each dispatch request with every step it has
 * reached, written in the batch's transaction and read back into a batch's working set. The
 * columns map one to one onto ReservePlanRecord and DispatchRecord, so a request read back is
 * exactly the record the domain last produced.
 */
import type { InValue } from '@libsql/client';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Money } from '../domain/events.ts';
import type { Outcome } from '../domain/ledger-state.ts';
import type { DispatchRecord, DispatchStep, ReservePlanRecord } from '../domain/reserves.ts';
import type { Urgency } from '../domain/needs.ts';
import { deleteWhereIn, insertRows, upsert, type Executor } from './bulk-sql.ts';
import type { Db } from './database.ts';
import { dispatchRequests, dispatchReviews, reservePlans } from './schema.ts';

const b = (v: boolean) => (v ? 1 : 0);

const planColumns = [
  'id',
  'seq',
  'holder',
  'region',
  'item',
  'target',
  'min',
  'basis',
  'valid_from',
  'authority',
  'approval_threshold',
  'rotation_days',
  'price_currency',
  'price_amount',
  'recorded_at',
];

const requestColumns = [
  'id',
  'seq',
  'reserve',
  'facility',
  'region',
  'item',
  'quantity',
  'urgency',
  'reason',
  'appeal',
  'requested_by',
  'requested_at',
  'plan',
  'authority',
  'approval_threshold',
  'price_currency',
  'price_amount',
  'status',
  'approved_quantity',
  'decided_at',
  'refusal_reason',
  'dispatch',
  'dispatched_quantity',
  'dispatched_at',
  'receipt',
  'received_quantity',
  'received_at',
  'settlement',
  'settled_at',
  'settled_amount',
  'settled_currency',
  'waived',
];

export async function persistReserves(db: Executor, outcomes: readonly Outcome[]): Promise<void> {
  const plans = outcomes.flatMap((o) => o.plans ?? []);
  await insertRows(
    db,
    reservePlans,
    planColumns,
    plans.map((p): InValue[] => [
      p.id,
      p.seq,
      p.holder,
      p.region,
      p.item,
      p.target,
      p.min,
      p.basis,
      p.validFrom,
      p.authority,
      p.approvalThreshold,
      p.rotationDays,
      p.price?.currency ?? null,
      p.price?.amount ?? null,
      p.recordedAt,
    ]),
  );
  // The last version of each request in the batch wins, as it would row by row.
  const changed = new Map(outcomes.flatMap((o) => (o.dispatches ?? []).map((d) => [d.id, d] as const)));
  if (changed.size === 0) return;
  await insertRows(
    db,
    dispatchRequests,
    requestColumns,
    [...changed.values()].map((d): InValue[] => [
      d.id,
      d.seq,
      d.reserve,
      d.facility,
      d.region,
      d.item,
      d.quantity,
      d.urgency,
      d.reason,
      d.appeal,
      d.requestedBy,
      d.requestedAt,
      d.plan,
      d.authority,
      d.approvalThreshold,
      d.price?.currency ?? null,
      d.price?.amount ?? null,
      d.status,
      d.approvedQuantity,
      d.decidedAt,
      d.refusalReason,
      d.dispatch,
      d.dispatchedQuantity,
      d.dispatchedAt,
      d.receipt,
      d.receivedQuantity,
      d.receivedAt,
      d.settlement,
      d.settledAt,
      d.settledAmount,
      d.settledCurrency,
      b(d.waived),
    ]),
    upsert(
      'id',
      requestColumns.filter((c) => c !== 'id'),
    ),
  );
  await deleteWhereIn(db, dispatchReviews, 'request', [...changed.keys()]);
  await insertRows(
    db,
    dispatchReviews,
    ['request', 'seq', 'event', 'reviewer', 'decision', 'quantity', 'reason', 'at'],
    [...changed.values()].flatMap((d) =>
      d.reviews.map((r): InValue[] => [
        d.id,
        r.seq,
        r.event,
        r.reviewer,
        r.decision,
        r.quantity,
        r.reason,
        r.at,
      ]),
    ),
  );
}

type Tx = Pick<Db, 'select'>;

const money = (currency: string | null, amount: number | null): Money | null =>
  currency === null || amount === null ? null : { currency, amount };

export async function readPlans(tx: Tx, holder: string, item: string): Promise<ReservePlanRecord[]> {
  const rows = await tx
    .select()
    .from(reservePlans)
    .where(and(eq(reservePlans.holder, holder), eq(reservePlans.item, item)))
    .orderBy(asc(reservePlans.seq));
  return rows.map(({ priceCurrency, priceAmount, ...p }) => ({
    ...p,
    price: money(priceCurrency, priceAmount),
  }));
}

export async function readDispatchRequests(tx: Tx, ids: string[]): Promise<DispatchRecord[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(dispatchRequests).where(inArray(dispatchRequests.id, ids));
  const reviews = await tx
    .select()
    .from(dispatchReviews)
    .where(inArray(dispatchReviews.request, ids))
    .orderBy(asc(dispatchReviews.seq));
  return rows.map(({ priceCurrency, priceAmount, ...d }) => ({
    ...d,
    urgency: d.urgency as Urgency,
    status: d.status as DispatchStep,
    price: money(priceCurrency, priceAmount),
    reviews: reviews
      .filter((r) => r.request === d.id)
      .map(({ request: _r, ...r }) => ({
        ...r,
        decision: r.decision as DispatchRecord['reviews'][number]['decision'],
      })),
  }));
}
