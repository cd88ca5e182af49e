/**
 * Emergency reserves: a reserve holder's plan for a region × item, and the records of the
 * dispatch workflow (request → review → dispatch → receipt → settlement). What each step may
 * follow is decided in dispatch-workflow.ts; this module says what the records hold.
 */
import type { Money } from './events.ts';
import type { Urgency } from './needs.ts';

export interface ReservePlanRecord {
  /** The reserve_plan event's id. */
  id: string;
  seq: number;
  holder: string;
  region: string;
  item: string;
  target: number;
  min: number;
  basis: string;
  validFrom: string;
  authority: string;
  approvalThreshold: number;
  rotationDays: number;
  price: Money | null;
  recordedAt: string;
}

/** Where a dispatch request stands; each step names the one it waits for. */
export const dispatchSteps = [
  'awaiting_review',
  'awaiting_second_review',
  'approved',
  'refused',
  'dispatched',
  'received',
  'settled',
] as const;
export type DispatchStep = (typeof dispatchSteps)[number];

export interface DispatchReview {
  event: string;
  seq: number;
  reviewer: string;
  decision: 'approved' | 'partly' | 'refused';
  quantity: number | null;
  reason: string;
  at: string;
}

export interface DispatchRecord {
  /** The dispatch_request event's id. */
  id: string;
  seq: number;
  reserve: string;
  facility: string;
  /** The facility's region. */
  region: string;
  item: string;
  quantity: number;
  urgency: Urgency;
  reason: string;
  appeal: string | null;
  requestedBy: string;
  requestedAt: string;
  /** The plan the request was made under, and its terms as they stood then. */
  plan: string;
  authority: string;
  approvalThreshold: number;
  price: Money | null;
  status: DispatchStep;
  reviews: DispatchReview[];
  approvedQuantity: number | null;
  decidedAt: string | null;
  refusalReason: string | null;
  dispatch: string | null;
  dispatchedQuantity: number | null;
  dispatchedAt: string | null;
  receipt: string | null;
  receivedQuantity: number | null;
  receivedAt: string | null;
  settlement: string | null;
  settledAt: string | null;
  /** Minor units paid, in `settledCurrency`; null when waived or not settled. */
  settledAmount: number | null;
  settledCurrency: string | null;
  waived: boolean;
}

/**
 * The plan a request falls under: the holder's plans for the item whose region holds the
 * facility and that were in force on the day, the most local first, then the latest filed.
 */
export function governingPlan(
  plans: readonly ReservePlanRecord[],
  facilityRegion: string,
  day: string,
  isWithin: (code: string, ancestor: string) => boolean,
): ReservePlanRecord | undefined {
  const inForce = plans.filter((p) => p.validFrom <= day && isWithin(facilityRegion, p.region));
  return inForce.sort((a, b) => {
    if (a.region !== b.region) return isWithin(a.region, b.region) ? -1 : 1;
    return b.seq - a.seq;
  })[0];
}

/** What a settlement must pay: the units signed for at the plan's agreed price (a shortfall on arrival is the reserve's loss). */
export const settlementDue = (d: DispatchRecord): number | null =>
  d.price === null || d.receivedQuantity === null ? null : d.receivedQuantity * d.price.amount;
