/**
 * The held lots of one asset at one holder, kept in FIFO order per restriction, so choosing
 * lots for an outgoing event reads only the lots it takes (plus the few restriction groups
 * it must look at), however many gifts a pooled fund holds.
 */
import type { Lot, LotRestriction } from './lots.ts';

export const byAge = (a: Lot, b: Lot) => a.acquiredSeq - b.acquiredSeq || a.id - b.id;

/** Lots in age order; emptied lots are skipped and dropped lazily from the front. */
export class FifoLots {
  private items: Lot[] = [];
  private head = 0;

  add(lot: Lot): void {
    const last = this.items[this.items.length - 1];
    if (!last || this.items.length === this.head || byAge(last, lot) < 0) {
      this.items.push(lot);
      return;
    }
    // Out of order only when a correction restores an older lot: binary insert.
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byAge(this.items[mid]!, lot) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (this.items[lo] !== lot) this.items.splice(lo, 0, lot);
  }

  *live(): Generator<Lot> {
    while (this.head < this.items.length && this.items[this.head]!.amount === 0) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    for (let i = this.head; i < this.items.length; i++) {
      const lot = this.items[i]!;
      if (lot.amount > 0) yield lot;
    }
  }
}

export interface RestrictionGroup {
  restriction: LotRestriction | null;
  lots: FifoLots;
}

export const restrictionKey = (r: LotRestriction | null) =>
  r && (r.region !== undefined || r.disease !== undefined || r.appeal !== undefined)
    ? `${r.region ?? ''}|${r.disease ?? ''}|${r.appeal ?? ''}`
    : '';

export class HoldingIndex {
  private readonly groups = new Map<string, RestrictionGroup>();
  private readonly members = new Set<number>();

  add(lot: Lot): void {
    if (this.members.has(lot.id)) return;
    this.members.add(lot.id);
    const key = restrictionKey(lot.restriction);
    let g = this.groups.get(key);
    if (!g)
      this.groups.set(key, (g = { restriction: key === '' ? null : lot.restriction, lots: new FifoLots() }));
    g.lots.add(lot);
  }

  /** Called when a lot is emptied, so a later refill (by a correction) re-adds it. */
  forget(lotId: number): void {
    this.members.delete(lotId);
  }

  restrictionGroups(): RestrictionGroup[] {
    return [...this.groups.values()];
  }

  *all(): Generator<Lot> {
    for (const g of this.groups.values()) yield* g.lots.live();
  }
}
