/**
 * Earmark-aware FIFO: the published rule for which lots an outgoing event consumes.
 *
 * For a transfer or use toward a destination (region, disease, appeal):
 *   1. lots restricted to that destination, oldest first;
 *   2. then unrestricted lots, oldest first;
 *   3. only then lots restricted elsewhere, oldest first — and the event is flagged,
 *      publicly, as a restriction breach. It is recorded, not refused: refusing would hide
 *      what happened, and the point of the ledger is to show it.
 * "Oldest" is the order in which the holder acquired the lot (the seq of the event that
 * put it there), then lot id. Write-offs and purchases take plain FIFO and never breach:
 * a write-off moves nothing anywhere, and purchased goods inherit the restriction.
 *
 * Moving part of a lot splits each donation's share in the same proportion by the
 * largest-remainder method, so every donation's parts always sum to what it gave.
 */
import { splitLargestRemainder } from './amounts.ts';
import { byAge, type HoldingIndex, type RestrictionGroup } from './holding-index.ts';
import type { Lot, LotAttrs, LotDelta, LotRestriction } from './lots.ts';

export interface Destination {
  region?: string;
  disease?: string;
  appeal?: string;
  /** A use must name the disease a disease-restricted lot was given for; a transfer need not. */
  diseaseRequired?: boolean;
}

export type IsWithin = (code: string, ancestor: string) => boolean;

export const isRestricted = (r: LotRestriction | null): r is LotRestriction =>
  !!r && (r.region !== undefined || r.disease !== undefined || r.appeal !== undefined);

/** Whether a lot restricted by `r` may go to `dest`. Unrestricted dimensions always fit. */
export function fits(r: LotRestriction | null, dest: Destination, isWithin: IsWithin): boolean {
  if (!isRestricted(r)) return true;
  if (r.region !== undefined && (dest.region === undefined || !isWithin(dest.region, r.region))) return false;
  if (r.disease !== undefined) {
    if (dest.disease === undefined) {
      if (dest.diseaseRequired) return false;
    } else if (!(dest.disease === r.disease || dest.disease.startsWith(`${r.disease}.`))) return false;
  }
  if (r.appeal !== undefined && dest.appeal !== undefined && dest.appeal !== r.appeal) return false;
  return true;
}

export interface LotPick {
  lot: Lot;
  amount: number;
  /** Taken from a lot restricted elsewhere. */
  breach: boolean;
}

export interface Selection {
  picks: LotPick[];
  /** Units that could not be found; > 0 means the event must be refused. */
  missing: number;
}

/**
 * Chooses lots for `amount` units by earmark-aware FIFO (or plain FIFO when `dest` is null),
 * optionally only lots with one batch code. Reads each restriction group only as far as it
 * could be needed: the oldest lots that cover `amount` are always within each group's prefix
 * that covers `amount`.
 */
export function selectLots(
  holding: HoldingIndex,
  amount: number,
  dest: Destination | null,
  isWithin: IsWithin,
  lotCode?: string,
): Selection {
  const prefix = (g: RestrictionGroup): Lot[] => {
    const out: Lot[] = [];
    let covered = 0;
    for (const lot of g.lots.live()) {
      if (lotCode !== undefined && lot.lotCode !== lotCode) continue;
      out.push(lot);
      covered += lot.amount;
      if (covered >= amount) break;
    }
    return out;
  };
  const merged = (groups: RestrictionGroup[]) => groups.flatMap(prefix).sort(byAge);
  const groups = holding.restrictionGroups();
  let queue: Array<{ lot: Lot; breach: boolean }>;
  if (dest === null) {
    queue = merged(groups).map((lot) => ({ lot, breach: false }));
  } else {
    const earmarked = groups.filter((g) => g.restriction !== null && fits(g.restriction, dest, isWithin));
    const elsewhere = groups.filter((g) => g.restriction !== null && !fits(g.restriction, dest, isWithin));
    const free = groups.filter((g) => g.restriction === null);
    queue = [
      ...merged(earmarked).map((lot) => ({ lot, breach: false })),
      ...merged(free).map((lot) => ({ lot, breach: false })),
      ...merged(elsewhere).map((lot) => ({ lot, breach: true })),
    ];
  }
  const picks: LotPick[] = [];
  let left = amount;
  for (const { lot, breach } of queue) {
    if (left === 0) break;
    const take = Math.min(left, lot.amount);
    picks.push({ lot, amount: take, breach });
    left -= take;
  }
  return { picks, missing: left };
}

/**
 * Each donation's part of `take` units out of a lot. The lot's total of donated amounts is
 * split between the part taken and the part left by largest remainder, and the taken total
 * is then shared among the donations in proportion to what each has in the lot, again by
 * largest remainder. Every donation's taken and left parts sum to its share exactly; taking
 * the whole lot takes every share whole.
 */
export function sharesOf(lot: Lot, take: number): Array<[string, number]> {
  if (take === lot.amount) return [...lot.shares];
  const donations = [...lot.shares.keys()];
  const held = [...lot.shares.values()];
  const total = held.reduce((a, b) => a + b, 0);
  const [moved] = splitLargestRemainder(total, [take, lot.amount - take]);
  const parts = splitLargestRemainder(moved!, held);
  const out: Array<[string, number]> = [];
  parts.forEach((p, i) => {
    if (p > 0) out.push([donations[i]!, p]);
  });
  return out;
}

/** The delta that removes `take` units (with `shares`) from a lot. */
export const takeFrom = (lot: Lot, take: number, shares: Array<[string, number]>): LotDelta => ({
  lotId: lot.id,
  attrs: attrsOf(lot),
  amount: -take,
  shares: shares.map(([d, v]) => [d, -v]),
});

export const attrsOf = (lot: Lot): LotAttrs => ({
  holder: lot.holder,
  asset: lot.asset,
  lotCode: lot.lotCode,
  expiresOn: lot.expiresOn,
  restriction: lot.restriction,
  state: lot.state,
  transfer: lot.transfer,
  acquiredSeq: lot.acquiredSeq,
  // Quarantine and a released excursion travel with the goods, through every later move.
  ...(lot.quarantine ? { quarantine: lot.quarantine } : {}),
  ...(lot.excursion ? { excursion: lot.excursion } : {}),
});
