/**
 * The dispatch workflow of an emergency reserve, step by step: a facility (or its health
 * authority) requests goods → the reserve's authority reviews (two distinct reviewers when the
 * approval exceeds the plan's threshold) → the reserve dispatches (a transfer naming the request)
 * → the facility signs for it (its receipt) → the settlement. A step recorded before the step it
 * follows is refused as `out-of-order`, naming the step the request is waiting for.
 */
import type { Of } from './events.ts';
import type { LedgerState } from './ledger-state.ts';
import { facilityKinds } from './need-effects.ts';
import { Problem, invalid, unknownReference } from './problems.ts';
import {
  governingPlan,
  settlementDue,
  type DispatchRecord,
  type DispatchStep,
  type ReservePlanRecord,
} from './reserves.ts';

const waitingFor: Record<DispatchStep, string> = {
  awaiting_review: 'is awaiting its review',
  awaiting_second_review: 'is awaiting its second review',
  approved: 'is approved and awaiting dispatch',
  refused: 'was refused',
  dispatched: 'is dispatched and awaiting the receipt signed by the facility',
  received: 'is signed for and awaiting settlement',
  settled: 'is settled',
};

const outOfOrder = (step: string, d: DispatchRecord, path: string, expected: string) =>
  new Problem(
    'out-of-order',
    `${step} out of order`,
    `Request ${d.id} ${waitingFor[d.status]}; ${expected}.`,
    [{ path, message: `request is ${d.status}` }],
    { step, request: d.id, status: d.status },
  );

const forbidden = (recordedBy: string, what: string) =>
  new Problem('forbidden', 'Forbidden', `${recordedBy} may not record ${what}.`);

const reserveKinds = new Set(['reserve_operator', 'government']);

export function checkReservePlan(
  state: LedgerState,
  body: Of<'reserve_plan'>,
  recordedBy: string,
  prefix = '',
) {
  const holder = state.organization(recordedBy)!;
  if (!reserveKinds.has(holder.kind))
    throw forbidden(recordedBy, 'a reserve plan (only a reserve operator or a government reserve holds one)');
  if (!state.catalog.hasRegion(body.region)) throw unknownReference(`${prefix}region`, 'region', body.region);
  if (!state.catalog.item(body.item)) throw unknownReference(`${prefix}item`, 'item', body.item);
  if (!state.organization(body.authority))
    throw unknownReference(`${prefix}authority`, 'organization', body.authority);
}

export function planRecord(
  body: Of<'reserve_plan'>,
  id: string,
  seq: number,
  holder: string,
): ReservePlanRecord {
  return {
    id,
    seq,
    holder,
    region: body.region,
    item: body.item,
    target: body.target,
    min: body.min,
    basis: body.basis,
    validFrom: body.validFrom,
    authority: body.authority,
    approvalThreshold: body.approvalThreshold,
    rotationDays: body.rotationDays,
    price: body.price ?? null,
    recordedAt: body.occurredAt,
  };
}

/** Checks a request and returns the plan it falls under. */
export function checkDispatchRequest(
  state: LedgerState,
  body: Of<'dispatch_request'>,
  recordedBy: string,
  prefix = '',
): ReservePlanRecord {
  const facility = state.organization(body.facility);
  if (!facility) throw unknownReference(`${prefix}facility`, 'organization', body.facility);
  if (!facilityKinds.has(facility.kind))
    throw invalid(`${prefix}facility`, 'must be a hospital, health centre or village clinic');
  const recorder = state.organization(recordedBy)!;
  const mayRequest =
    recordedBy === body.facility ||
    (recorder.kind === 'government' && state.catalog.isWithin(facility.region, recorder.region));
  if (!mayRequest) throw forbidden(recordedBy, `dispatch requests for ${body.facility}`);
  if (!state.organization(body.reserve))
    throw unknownReference(`${prefix}reserve`, 'organization', body.reserve);
  if (!state.catalog.item(body.item)) throw unknownReference(`${prefix}item`, 'item', body.item);
  if (body.appeal !== undefined && !state.appeal(body.appeal))
    throw unknownReference(`${prefix}appeal`, 'appeal', body.appeal);
  const plan = governingPlan(
    state.reservePlans(body.reserve, body.item),
    facility.region,
    body.occurredAt.slice(0, 10),
    state.catalog.isWithin,
  );
  if (!plan)
    throw invalid(
      `${prefix}reserve`,
      `${body.reserve} has no reserve plan for ${body.item} in force for region ${facility.region}`,
    );
  return plan;
}

export function requestRecord(
  state: LedgerState,
  body: Of<'dispatch_request'>,
  plan: ReservePlanRecord,
  id: string,
  seq: number,
  recordedBy: string,
): DispatchRecord {
  return {
    id,
    seq,
    reserve: body.reserve,
    facility: body.facility,
    region: state.organization(body.facility)!.region,
    item: body.item,
    quantity: body.quantity,
    urgency: body.urgency,
    reason: body.reason,
    appeal: body.appeal ?? null,
    requestedBy: recordedBy,
    requestedAt: body.occurredAt,
    plan: plan.id,
    authority: plan.authority,
    approvalThreshold: plan.approvalThreshold,
    price: plan.price,
    status: 'awaiting_review',
    reviews: [],
    approvedQuantity: null,
    decidedAt: null,
    refusalReason: null,
    dispatch: null,
    dispatchedQuantity: null,
    dispatchedAt: null,
    receipt: null,
    receivedQuantity: null,
    receivedAt: null,
    settlement: null,
    settledAt: null,
    settledAmount: null,
    settledCurrency: null,
    waived: false,
  };
}

const requestOf = (state: LedgerState, id: string, path: string): DispatchRecord => {
  const d = state.dispatchRequest(id);
  if (!d) throw unknownReference(path, 'dispatch request', id);
  return d;
};

/** Checks a review and returns the request as it stands after it. */
export function review(
  state: LedgerState,
  body: Of<'dispatch_review'>,
  recordedBy: string,
  ids: { id: string; seq: number },
  prefix = '',
): DispatchRecord {
  const d = requestOf(state, body.request, `${prefix}request`);
  if (recordedBy !== d.authority)
    throw forbidden(recordedBy, `reviews of ${d.id}: its reserve's authority is ${d.authority}`);
  if (d.status !== 'awaiting_review' && d.status !== 'awaiting_second_review')
    throw outOfOrder('dispatch_review', d, `${prefix}request`, 'a review comes before the dispatch');
  const first = d.reviews[0];
  if (d.status === 'awaiting_second_review' && first?.reviewer === body.reviewer)
    throw new Problem(
      'out-of-order',
      'dispatch_review out of order',
      `Request ${d.id} needs a second reviewer other than ${body.reviewer}, who reviewed it first.`,
      [{ path: `${prefix}reviewer`, message: 'same reviewer as the first review' }],
      { step: 'dispatch_review', request: d.id, status: d.status },
    );
  let quantity: number | null = null;
  if (body.decision === 'refused') {
    if (body.quantity !== undefined) throw invalid(`${prefix}quantity`, 'a refusal approves no quantity');
  } else if (body.decision === 'approved') {
    if (body.quantity !== undefined && body.quantity !== d.quantity)
      throw invalid(`${prefix}quantity`, `approved means all ${d.quantity} requested; use partly for less`);
    quantity = d.quantity;
  } else {
    if (body.quantity === undefined) throw invalid(`${prefix}quantity`, 'partly needs the quantity approved');
    if (body.quantity >= d.quantity)
      throw invalid(`${prefix}quantity`, `less than the ${d.quantity} requested (or decide approved)`);
    quantity = body.quantity;
  }
  if (d.status === 'awaiting_second_review' && quantity !== null && quantity !== d.approvedQuantity)
    throw invalid(
      `${prefix}quantity`,
      `the second review confirms the ${d.approvedQuantity} the first approved, or refuses`,
    );
  const next: DispatchRecord = {
    ...d,
    reviews: [
      ...d.reviews,
      {
        event: ids.id,
        seq: ids.seq,
        reviewer: body.reviewer,
        decision: body.decision,
        quantity,
        reason: body.reason,
        at: body.occurredAt,
      },
    ],
  };
  if (quantity === null) {
    next.status = 'refused';
    next.approvedQuantity = null;
    next.refusalReason = body.reason;
    next.decidedAt = body.occurredAt;
  } else if (d.status === 'awaiting_review' && quantity > d.approvalThreshold) {
    next.status = 'awaiting_second_review';
    next.approvedQuantity = quantity;
  } else {
    next.status = 'approved';
    next.approvedQuantity = quantity;
    next.decidedAt = body.occurredAt;
  }
  return next;
}

/** Checks a transfer that names a request: the dispatch of an approved request. */
export function checkDispatch(state: LedgerState, body: Of<'transfer'>, recordedBy: string, prefix = '') {
  const d = requestOf(state, body.request!, `${prefix}request`);
  if (recordedBy !== d.reserve)
    throw forbidden(recordedBy, `the dispatch of ${d.id}: ${d.reserve} holds that reserve`);
  if (d.status !== 'approved')
    throw outOfOrder(
      'dispatch',
      d,
      `${prefix}request`,
      d.status === 'refused' ? 'a refused request is not dispatched' : 'a dispatch follows an approval, once',
    );
  if (body.to !== d.facility) throw invalid(`${prefix}to`, `the request is for ${d.facility}`);
  if (!body.goods) throw invalid(`${prefix}goods`, `a dispatch carries the goods requested (${d.item})`);
  if (body.goods.item !== d.item) throw invalid(`${prefix}goods.item`, `the request is for ${d.item}`);
  if (body.goods.quantity > d.approvedQuantity!)
    throw invalid(`${prefix}goods.quantity`, `more than the ${d.approvedQuantity} approved`);
}

export const dispatched = (d: DispatchRecord, body: Of<'transfer'>, id: string): DispatchRecord => ({
  ...d,
  status: 'dispatched',
  dispatch: id,
  dispatchedQuantity: body.goods!.quantity,
  dispatchedAt: body.occurredAt,
});

export const signedFor = (d: DispatchRecord, body: Of<'receipt'>, id: string): DispatchRecord => ({
  ...d,
  status: 'received',
  receipt: id,
  receivedQuantity: body.goods!.quantity,
  receivedAt: body.occurredAt,
});

/** The request a shipment dispatched, if it was a dispatch. */
export function dispatchOfShipment(state: LedgerState, transfer: string): DispatchRecord | undefined {
  const t = state.event(transfer);
  if (!t || t.type !== 'transfer') return undefined;
  const request = (t.body as Of<'transfer'>).request;
  return request === undefined ? undefined : state.dispatchRequest(request);
}

/** Checks a settlement and returns the request as it stands after it. */
export function settle(
  state: LedgerState,
  body: Of<'settlement'>,
  recordedBy: string,
  id: string,
  prefix = '',
): DispatchRecord {
  const t = state.event(body.dispatch);
  if (!t) throw unknownReference(`${prefix}dispatch`, 'dispatch', body.dispatch);
  const d = dispatchOfShipment(state, body.dispatch);
  if (!d) throw invalid(`${prefix}dispatch`, 'not a dispatch: a transfer naming its request');
  if (recordedBy !== d.reserve && recordedBy !== d.facility)
    throw forbidden(
      recordedBy,
      `the settlement of ${body.dispatch} (between ${d.reserve} and ${d.facility})`,
    );
  if (d.status !== 'received')
    throw outOfOrder(
      'settlement',
      d,
      `${prefix}dispatch`,
      d.status === 'settled' ? 'it is settled once' : 'a settlement follows the receipt the facility signs',
    );
  if (body.money) {
    const due = settlementDue(d);
    if (due === null || d.price === null)
      throw invalid(
        `${prefix}money`,
        'the plan states no agreed price: settle with waived: true and a reason',
      );
    if (body.money.currency !== d.price.currency)
      throw invalid(`${prefix}money.currency`, `the agreed price is in ${d.price.currency}`);
    if (body.money.amount !== due)
      throw invalid(
        `${prefix}money.amount`,
        `${d.receivedQuantity} signed for × ${d.price.amount} agreed = ${due}, not ${body.money.amount}`,
      );
  }
  return {
    ...d,
    status: 'settled',
    settlement: id,
    settledAt: body.occurredAt,
    settledAmount: body.money?.amount ?? null,
    settledCurrency: body.money?.currency ?? null,
    waived: body.waived === true,
  };
}
