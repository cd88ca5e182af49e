/**
 * Lots: the unit of holding and of provenance. A lot is an amount of one asset (a currency,
 * or an item with its batch code) at one holder, in one state, and it knows exactly how much
 * of each donation it carries (`shares`, in the donation's own units). Money gifts each stay
 * their own lot, so money pools keep per-gift FIFO order; goods bought with many gifts form
 * one mixed lot whose units are attributed to those gifts in proportion.
 *
 * Every change to lots is a `LotDelta`. Events produce deltas, the book applies them, the
 * store persists the changed lots, and a correction undoes an event by applying the negation
 * of its deltas. Invariants: neither an amount nor a share ever goes below zero, and an
 * empty lot carries no shares. A lot that carries no share is of unknown provenance: stock an
 * opening balance stated, or what such stock was moved or bought into; no gift is ever credited
 * with it. (A few units of gifts may also carry no share: when a mixed lot is split, a
 * donation's part can round to zero units' worth; its share stays with the rest of the lot.)
 */
import { HoldingIndex, byAge } from './holding-index.ts';
import { Problem } from './problems.ts';
import type { LotState } from '../contract/vocabulary.ts';

export type { LotState };

export interface LotRestriction {
  region?: string;
  disease?: string;
  appeal?: string;
}

export interface LotAttrs {
  holder: string;
  /** `money:CNY` or `goods:<item id>`. */
  asset: string;
  /** Maker's batch code for goods; '' for money. */
  lotCode: string;
  expiresOn: string | null;
  restriction: LotRestriction | null;
  state: LotState;
  /** The transfer or return carrying the lot while it is in transit. */
  transfer: string | null;
  /** Seq of the event that put the lot where it is: the FIFO clock. */
  acquiredSeq: number;
  /**
   * The temperature record whose excursion quarantined the lot: while set, the lot cannot be
   * used, passed on or returned, only released (`lot_release`) or written off.
   */
  quarantine?: string | null;
  /** A released excursion the lot went through: every later use of it is flagged publicly. */
  excursion?: string | null;
}

export interface Lot extends LotAttrs {
  id: number;
  amount: number;
  /** donation key → amount of that donation (in the donation's units) carried by this lot. */
  shares: Map<string, number>;
}

export interface LotDelta {
  lotId: number;
  attrs: LotAttrs;
  amount: number;
  shares: Array<[donation: string, amount: number]>;
}

export const moneyAsset = (currency: string) => `money:${currency}`;
export const goodsAsset = (item: string) => `goods:${item}`;
export const isMoneyAsset = (asset: string) => asset.startsWith('money:');
export const assetName = (asset: string) => asset.slice(asset.indexOf(':') + 1);

export const negate = (d: LotDelta): LotDelta => ({
  lotId: d.lotId,
  attrs: d.attrs,
  amount: -d.amount,
  shares: d.shares.map(([k, v]) => [k, -v]),
});

const holdingKey = (holder: string, asset: string) => `${holder}\u0000${asset}`;

/**
 * The in-memory working set of lots an event (or a batch of events) touches. The store
 * loads lots into it before applying events and reads `changed` back to persist them.
 */
export class LotBook {
  private readonly lots = new Map<number, Lot>();
  private readonly held = new Map<string, HoldingIndex>();
  private readonly transit = new Map<string, Set<number>>();
  private readonly quarantine = new Map<string, Set<number>>();
  /** Lots whose rows must be written (upserted, or deleted when their amount is zero). */
  readonly changed = new Set<number>();
  private readonly emptied = new Set<number>();

  constructor(private nextId: number) {}

  allocateId(): number {
    return this.nextId++;
  }
  get nextLotId(): number {
    return this.nextId;
  }
  /** Takes back ids handed out to an event that was then refused. */
  rewindIds(nextId: number): void {
    this.nextId = nextId;
  }

  /** Adds a lot read from storage. Loading the same lot twice is harmless. */
  load(lot: Lot): void {
    if (this.lots.has(lot.id)) return;
    this.lots.set(lot.id, lot);
    this.index(lot);
  }

  get(id: number): Lot | undefined {
    return this.lots.get(id);
  }

  /** How many lots the book holds in memory. */
  get size(): number {
    return this.lots.size;
  }

  /** Held lots of one asset at one holder, grouped by restriction, each group oldest first. */
  holding(holder: string, asset: string): HoldingIndex {
    const key = holdingKey(holder, asset);
    let h = this.held.get(key);
    if (!h) this.held.set(key, (h = new HoldingIndex()));
    return h;
  }

  heldLots(holder: string, asset: string): Lot[] {
    return [...this.holding(holder, asset).all()];
  }

  /** Quarantined lots of one asset at one holder, oldest first: held, but not to be consumed. */
  quarantined(holder: string, asset: string): Lot[] {
    return [...(this.quarantine.get(holdingKey(holder, asset)) ?? [])]
      .map((id) => this.lots.get(id)!)
      .sort(byAge);
  }

  inTransit(transfer: string): Lot[] {
    return [...(this.transit.get(transfer) ?? [])]
      .map((id) => this.lots.get(id)!)
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Checks that applying `deltas` leaves no lot or share negative, without changing anything.
   * Returns the first shortfall found, or null.
   */
  shortfall(deltas: readonly LotDelta[]): { lotId: number; attrs: LotAttrs; missing: number } | null {
    const amounts = new Map<number, number>();
    for (const d of deltas) {
      const before = amounts.get(d.lotId) ?? this.lots.get(d.lotId)?.amount ?? 0;
      const after = before + d.amount;
      amounts.set(d.lotId, after);
      if (after < 0) return { lotId: d.lotId, attrs: d.attrs, missing: -after };
    }
    return null;
  }

  apply(deltas: readonly LotDelta[]): void {
    const gap = this.shortfall(deltas);
    if (gap) {
      throw new Problem(
        'insufficient-holdings',
        'Insufficient holdings',
        `Lot ${gap.lotId} of ${gap.attrs.asset} at ${gap.attrs.holder} would go ${gap.missing} below zero.`,
        [],
        { shortfall: gap.missing },
      );
    }
    for (const d of deltas) this.applyOne(d);
  }

  private applyOne(d: LotDelta): void {
    let lot = this.lots.get(d.lotId);
    if (!lot) {
      lot = { ...d.attrs, id: d.lotId, amount: 0, shares: new Map() };
      this.lots.set(lot.id, lot);
      this.index(lot);
    }
    lot.amount += d.amount;
    for (const [donation, amount] of d.shares) {
      const next = (lot.shares.get(donation) ?? 0) + amount;
      if (next < 0) throw new Error(`invariant: share of ${donation} in lot ${lot.id} below zero`);
      if (next === 0) lot.shares.delete(donation);
      else lot.shares.set(donation, next);
    }
    if (lot.amount === 0 && lot.shares.size > 0) {
      throw new Error(`invariant: empty lot ${lot.id} still carries ${lot.shares.size} donations' shares`);
    }
    if (lot.amount === 0) {
      this.unindex(lot);
      this.emptied.add(lot.id);
    } else {
      this.index(lot);
      this.emptied.delete(lot.id);
    }
    this.changed.add(lot.id);
  }

  private index(lot: Lot): void {
    if (lot.amount === 0) return;
    if (lot.state === 'held' && lot.quarantine) {
      const key = holdingKey(lot.holder, lot.asset);
      let set = this.quarantine.get(key);
      if (!set) this.quarantine.set(key, (set = new Set()));
      set.add(lot.id);
      return;
    }
    if (lot.state === 'held') {
      this.holding(lot.holder, lot.asset).add(lot);
      return;
    }
    let set = this.transit.get(lot.transfer!);
    if (!set) this.transit.set(lot.transfer!, (set = new Set()));
    set.add(lot.id);
  }

  private unindex(lot: Lot): void {
    if (lot.state === 'held' && lot.quarantine)
      this.quarantine.get(holdingKey(lot.holder, lot.asset))?.delete(lot.id);
    else if (lot.state === 'held') this.held.get(holdingKey(lot.holder, lot.asset))?.forget(lot.id);
    else this.transit.get(lot.transfer!)?.delete(lot.id);
  }

  /** Called once the changed lots are written. */
  clearChanged(): void {
    this.changed.clear();
  }

  /** Forgets emptied lots once they are written; a correction that refills one recreates it from its delta. */
  dropEmpty(): void {
    for (const id of this.emptied) if (!this.changed.has(id)) this.lots.delete(id);
    this.emptied.clear();
  }
}
