/**
 * Needs and how deliveries answer them — the published rules.
 *
 * Priority (urgency × importance): urgent = immediate, 24 h or 72 h; important = life or
 * function. Level 1 urgent and important, 2 urgent only, 3 important only, 4 neither.
 *
 * Matching: when goods arrive at a facility (a receipt of a shipment to it, or a gift it
 * records), the quantity answers, in order: the needs the shipment named, in the order named;
 * then the facility's other open needs for that item — or for the item's category — by
 * priority (1 first), then oldest report, then log order. A need takes at most what it still
 * lacks; whatever is left answers no need and counts as oversupply. A need is open from the
 * moment it is recorded until it is met (delivered ≥ quantity) or closed; only deliveries
 * recorded while it is open answer it. A delivery is never counted twice: its parts sum to it.
 */
import type { Importance, NeedStatus, Priority, Urgency } from '../contract/vocabulary.ts';

export type { Importance, NeedStatus, Priority, Urgency };

export function priorityOf(urgency: Urgency, importance: Importance): Priority {
  const urgent = urgency === 'immediate' || urgency === '24h' || urgency === '72h';
  const important = importance === 'life' || importance === 'function';
  return urgent && important ? 1 : urgent ? 2 : important ? 3 : 4;
}

/** How soon each urgency asks to be met, for "met within its urgency window". */
export const urgencyWindowHours: Record<Urgency, number> = {
  immediate: 6,
  '24h': 24,
  '72h': 72,
  '1w': 168,
  '1m': 720,
};

/** Weight of an urgency in the suggested-match score. */
export const urgencyWeight: Record<Urgency, number> = { immediate: 5, '24h': 4, '72h': 3, '1w': 2, '1m': 1 };

export interface Allocation {
  /** Seq of the delivery (receipt or donation) that answered. */
  seq: number;
  quantity: number;
  /** When the delivery happened (its occurredAt). */
  at: string;
}

export interface NeedRecord {
  id: string;
  seq: number;
  facility: string;
  /** The facility's region, where the need is counted. */
  region: string;
  recordedBy: string;
  item: string | null;
  category: string;
  /** In the item's unit; 0 while the amount is not stated. */
  quantity: number;
  /** False for "needed, amount not stated": the need counts as a line, never as a quantity. */
  quantityStated: boolean;
  /** The third party that reported the need on the facility's behalf, if any. */
  reportedBy: string | null;
  source: string | null;
  disease: string | null;
  targetGroup: string | null;
  urgency: Urgency;
  importance: Importance;
  priority: Priority;
  appeal: string | null;
  beneficiaries: number | null;
  reportedAt: string;
  status: NeedStatus;
  closeReason: string | null;
  closedAt: string | null;
  /** A historical record: the date it is known to be current to (see need-waiting.ts). */
  asOf: string | null;
  allocations: Allocation[];
}

export const deliveredTo = (n: NeedRecord) => n.allocations.reduce((s, a) => s + a.quantity, 0);

export const epochMs = (iso: string) => Date.parse(iso);

/** When the need first received anything, and when it was fully met, from its allocations. */
export function timeline(n: NeedRecord): { firstDeliveryAt: string | null; metAt: string | null } {
  const sorted = [...n.allocations].sort((a, b) => a.seq - b.seq);
  let total = 0;
  let metAt: string | null = null;
  for (const a of sorted) {
    total += a.quantity;
    if (metAt === null && total >= n.quantity && total > 0) metAt = a.at;
  }
  return { firstDeliveryAt: sorted[0]?.at ?? null, metAt };
}

/**
 * Open while it lacks something and was not closed; met once delivered ≥ quantity. A need
 * whose amount was not stated is met by the first delivery that answers it.
 */
export function settle(n: NeedRecord): NeedRecord {
  if (n.status === 'closed' || n.status === 'withdrawn') return n;
  const delivered = deliveredTo(n);
  const met = n.quantityStated ? delivered >= n.quantity : delivered > 0;
  return { ...n, status: met ? 'met' : 'open' };
}

export const answers = (n: NeedRecord, item: { id: string; category: string }) =>
  n.item === null ? n.category === item.category : n.item === item.id;

export interface Delivery {
  seq: number;
  facility: string;
  region: string;
  item: string;
  category: string;
  quantity: number;
  at: string;
  /** Units that answered no need. */
  unmatched: number;
}

/**
 * Splits a delivery among open needs by the rule above. Returns the allocations per need
 * and the unmatched remainder; allocations plus remainder always sum to `quantity`.
 */
export function matchDelivery(
  open: readonly NeedRecord[],
  item: { id: string; category: string },
  quantity: number,
  named: readonly string[],
  at?: string,
): { parts: Array<{ need: string; quantity: number }>; unmatched: number } {
  // A delivery answers only needs reported before it arrived.
  const arrived = at === undefined ? Number.POSITIVE_INFINITY : epochMs(at);
  const candidates = open.filter(
    (n) => n.status === 'open' && answers(n, item) && epochMs(n.reportedAt) <= arrived,
  );
  const byId = new Map(candidates.map((n) => [n.id, n]));
  const ordered = [
    ...named.map((id) => byId.get(id)).filter((n): n is NeedRecord => n !== undefined),
    ...candidates
      .filter((n) => !named.includes(n.id))
      .sort(
        (a, b) => a.priority - b.priority || epochMs(a.reportedAt) - epochMs(b.reportedAt) || a.seq - b.seq,
      ),
  ];
  const parts: Array<{ need: string; quantity: number }> = [];
  let left = quantity;
  for (const n of ordered) {
    if (left === 0) break;
    if (!n.quantityStated) continue;
    const lacking = n.quantity - deliveredTo(n);
    if (lacking <= 0) continue;
    const take = Math.min(left, lacking);
    parts.push({ need: n.id, quantity: take });
    left -= take;
  }
  // What stated needs leave goes to the first need whose amount was not stated: any amount answers it.
  const unstated = ordered.find((n) => !n.quantityStated);
  if (left > 0 && unstated) {
    parts.push({ need: unstated.id, quantity: left });
    left = 0;
  }
  return { parts, unmatched: left };
}

/** Response-time buckets for coverage aggregates: upper edges in minutes, ×1.25 from 15 min to a year. */
export const responseBucketEdgesMinutes: number[] = (() => {
  const edges: number[] = [];
  for (let m = 15; m < 366 * 24 * 60; m = Math.ceil(m * 1.25)) edges.push(m);
  edges.push(Number.POSITIVE_INFINITY);
  return edges;
})();

export function responseBucket(minutes: number): number {
  const i = responseBucketEdgesMinutes.findIndex((edge) => Math.max(0, minutes) <= edge);
  return i === -1 ? responseBucketEdgesMinutes.length - 1 : i;
}
