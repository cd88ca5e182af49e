/**
 * What need events do, and how a delivery of goods to a facility is matched to its needs
 * (the rules are in needs.ts).
 */
import type { Of } from './events.ts';
import type { LedgerState } from './ledger-state.ts';
import { matchDelivery, priorityOf, settle, type Delivery, type NeedRecord } from './needs.ts';

export const facilityKinds = new Set(['hospital', 'health_centre', 'village_clinic']);

export interface NeedEffects {
  needs: NeedRecord[];
  deliveries: Delivery[];
}

export function recordNeed(
  state: LedgerState,
  body: Of<'need'>,
  id: string,
  seq: number,
  recordedBy: string,
): NeedEffects {
  const facility = state.organization(body.facility)!;
  const category = body.category ?? state.catalog.item(body.item!)!.category;
  const need: NeedRecord = {
    id,
    seq,
    facility: body.facility,
    region: facility.region,
    recordedBy,
    item: body.item ?? null,
    category,
    quantity: body.quantity ?? 0,
    quantityStated: body.quantity !== undefined,
    reportedBy: body.reportedBy ?? null,
    source: body.source ?? null,
    disease: body.disease ?? null,
    targetGroup: body.targetGroup ?? null,
    urgency: body.urgency,
    importance: body.importance,
    priority: priorityOf(body.urgency, body.importance),
    appeal: body.appeal ?? null,
    beneficiaries: body.beneficiaries ?? null,
    reportedAt: body.occurredAt,
    status: 'open',
    closeReason: null,
    closedAt: null,
    asOf: body.asOf ?? null,
    allocations: [],
  };
  return { needs: [need], deliveries: [] };
}

export function updateNeed(state: LedgerState, body: Of<'need_update'>): NeedEffects {
  const n = state.need(body.need)!;
  const urgency = body.urgency ?? n.urgency;
  const importance = body.importance ?? n.importance;
  const next = settle({
    ...n,
    quantity: body.quantity ?? n.quantity,
    quantityStated: n.quantityStated || body.quantity !== undefined,
    urgency,
    importance,
    priority: priorityOf(urgency, importance),
    disease: body.disease ?? n.disease,
    beneficiaries: body.beneficiaries ?? n.beneficiaries,
    asOf: asOfAfterUpdate(n.asOf, body),
  });
  return { needs: [next], deliveries: [] };
}

/**
 * An update dated after a historical record's as-of date supersedes it: the need is then known
 * as of the update's own `asOf`, or live. One dated on or before it is history the record
 * already reflects, so the later of the two dates stands.
 */
export function asOfAfterUpdate(
  asOf: string | null,
  update: Pick<Of<'need_update'>, 'occurredAt' | 'asOf'>,
): string | null {
  const updatedOn = update.occurredAt.slice(0, 10);
  if (asOf !== null && updatedOn <= asOf)
    return update.asOf !== undefined && update.asOf > asOf ? update.asOf : asOf;
  return update.asOf ?? null;
}

export function closeNeed(state: LedgerState, body: Of<'need_close'>): NeedEffects {
  const n = state.need(body.need)!;
  return {
    needs: [{ ...n, status: 'closed', closeReason: body.reason, closedAt: body.occurredAt }],
    deliveries: [],
  };
}

/** Goods arriving at a facility answer its open needs; anything else is not a delivery. */
export function deliver(
  state: LedgerState,
  facilityId: string,
  itemId: string,
  quantity: number,
  seq: number,
  at: string,
  named: readonly string[],
): NeedEffects {
  const facility = state.organization(facilityId);
  const item = state.catalog.item(itemId);
  if (!facility || !item || !facilityKinds.has(facility.kind) || quantity <= 0)
    return { needs: [], deliveries: [] };
  const open = state.openNeeds(facilityId);
  const { parts, unmatched } = matchDelivery(open, item, quantity, named, at);
  const byId = new Map(open.map((n) => [n.id, n]));
  const needs = parts.map(({ need, quantity: q }) => {
    const n = byId.get(need)!;
    return settle({ ...n, allocations: [...n.allocations, { seq, quantity: q, at }] });
  });
  return {
    needs,
    deliveries: [
      {
        seq,
        facility: facilityId,
        region: facility.region,
        item: itemId,
        category: item.category,
        quantity,
        at,
        unmatched,
      },
    ],
  };
}

/** Takes back what a delivery (by its seq) gave to needs, reopening any it had met. */
export function undeliver(state: LedgerState, seq: number): NeedEffects {
  const needs = state.needsAnsweredBy(seq).map((n) => {
    const kept = n.allocations.filter((a) => a.seq !== seq);
    const reopened = n.status === 'met' ? { ...n, status: 'open' as const } : n;
    return settle({ ...reopened, allocations: kept });
  });
  return { needs, deliveries: [] };
}
