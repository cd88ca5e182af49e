/**
 * Outcome evaluation: how quickly needs were answered and how much of what was given sat idle
 * or was lost. Integer counts and sums in, ratios out; nothing is rounded here.
 */
import { urgencyWindowHours, type Urgency } from './needs.ts';
import { idleShare } from './signals.ts';

export interface NeedTiming {
  urgency: Urgency;
  reportedAt: string;
  firstDeliveryAt: string | null;
  metAt: string | null;
}

/** Response-time classes: the urgency windows, then "later", then "no delivery yet". */
export const responseClasses = [
  { id: 'within6h', upToMinutes: 6 * 60 },
  { id: 'within24h', upToMinutes: 24 * 60 },
  { id: 'within72h', upToMinutes: 72 * 60 },
  { id: 'within1w', upToMinutes: 7 * 24 * 60 },
  { id: 'within1m', upToMinutes: 30 * 24 * 60 },
  { id: 'later', upToMinutes: Infinity },
] as const;

export interface NeedOutcome {
  needs: number;
  met: number;
  /** Needs whose window has closed by the as-of time, or that were met: the ones that can be judged. */
  judged: number;
  metWithinWindow: number;
  shareMetWithinWindow: number | null;
  responseMinutesP50: number | null;
  responseMinutesP90: number | null;
  responseDistribution: Record<(typeof responseClasses)[number]['id'] | 'noDeliveryYet', number>;
}

export const outcomeRule = [
  "Response time: from a need's report to the first delivery that answered it. Percentiles are nearest-rank over the needs that have had a delivery.",
  `A need is met within its window when fully delivered within ${Object.entries(urgencyWindowHours)
    .map(([u, h]) => `${u} ${h} h`)
    .join(
      ', ',
    )} of its report; the share counts only needs that can be judged — met, or whose window had closed by the as-of time.`,
  'Idle share: goods received more than 30 days before the as-of time not yet used, passed on, written off or lost, over goods received in that time (oldest leave first), by worth.',
  "Loss share: goods lost in transit or written off, over all goods received, by worth. Goods are valued at the catalogue's typical unit value; money turned into goods keeps the money's value.",
].join(' ');

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** Nearest-rank percentile of sorted values. */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

export function evaluateNeeds(needs: readonly NeedTiming[], asOf: string): NeedOutcome {
  const asOfMs = Date.parse(asOf);
  const distribution = Object.fromEntries([
    ...responseClasses.map((c) => [c.id, 0]),
    ['noDeliveryYet', 0],
  ]) as NeedOutcome['responseDistribution'];
  const responses: number[] = [];
  let met = 0;
  let judged = 0;
  let inWindow = 0;
  for (const n of needs) {
    const windowMinutes = urgencyWindowHours[n.urgency] * 60;
    if (n.firstDeliveryAt !== null && Date.parse(n.firstDeliveryAt) <= asOfMs) {
      const m = Math.max(0, minutesBetween(n.reportedAt, n.firstDeliveryAt));
      responses.push(m);
      distribution[responseClasses.find((c) => m <= c.upToMinutes)!.id] += 1;
    } else distribution.noDeliveryYet += 1;
    const wasMet = n.metAt !== null && Date.parse(n.metAt) <= asOfMs;
    if (wasMet) met += 1;
    const metInWindow = wasMet && minutesBetween(n.reportedAt, n.metAt!) <= windowMinutes;
    if (wasMet || Date.parse(n.reportedAt) + windowMinutes * 60_000 <= asOfMs) judged += 1;
    if (metInWindow) inWindow += 1;
  }
  responses.sort((a, b) => a - b);
  return {
    needs: needs.length,
    met,
    judged,
    metWithinWindow: inWindow,
    shareMetWithinWindow: judged > 0 ? inWindow / judged : null,
    responseMinutesP50: nearestRank(responses, 0.5),
    responseMinutesP90: nearestRank(responses, 0.9),
    responseDistribution: distribution,
  };
}

/** Goods accounts of one holder (for one appeal or all), in CNY minor units. */
export interface GoodsAccount {
  receivedBeforeCutoff: number;
  received: number;
  gone: number;
  lost: number;
}

export interface GoodsOutcome {
  receivedValue: number;
  idleValue: number;
  idleShare: number | null;
  lostValue: number;
  lossShare: number | null;
}

/** Idle is judged per holder account (goods leave a holder oldest first), then summed. */
export function evaluateGoods(accounts: Iterable<GoodsAccount>): GoodsOutcome {
  let before = 0;
  let received = 0;
  let idle = 0;
  let lost = 0;
  for (const a of accounts) {
    before += a.receivedBeforeCutoff;
    received += a.received;
    idle += idleShare(a.receivedBeforeCutoff, a.gone).idle;
    lost += a.lost;
  }
  return {
    receivedValue: received,
    idleValue: idle,
    idleShare: before > 0 ? idle / before : null,
    lostValue: lost,
    lossShare: received > 0 ? lost / received : null,
  };
}
