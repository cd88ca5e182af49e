/**
 * The generator's own copy of the ledger. Every event is applied here first, by the same
 * rules the write path applies (the domain's MemoryLedger), so the generator always knows
 * exactly what each organization holds, under which restriction, in which batches and until
 * when; it only ever proposes events the ledger will accept, and a refusal here is a bug in
 * the generator that stops it before anything is written.
 *
 * On top of the ledger it keeps what the ledger does not index: totals per holder, asset and
 * restriction (to size an outgoing event so that it never has to break an earmark), the
 * holders that have something (to pick from quickly), and where goods will expire.
 */
import { fits, type Destination } from '../../api/domain/attribution.ts';
import type { EventBody } from '../../api/domain/events.ts';
import { restrictionKey } from '../../api/domain/holding-index.ts';
import type { CatalogLookup, Organization, Outcome } from '../../api/domain/ledger-state.ts';
import type { Lot, LotAttrs, LotRestriction } from '../../api/domain/lots.ts';
import { dispatchOfShipment } from '../../api/domain/dispatch-workflow.ts';
import { MemoryLedger } from '../../api/domain/memory-ledger.ts';
import type { Random } from './random.ts';

export interface Group {
  restriction: LotRestriction | null;
  amount: number;
}

/** A set that can also hand out a random member in O(1). */
export class PickSet<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<T, number>();
  add(v: T): void {
    if (this.index.has(v)) return;
    this.index.set(v, this.items.length);
    this.items.push(v);
  }
  delete(v: T): void {
    const i = this.index.get(v);
    if (i === undefined) return;
    const last = this.items.pop()!;
    if (i < this.items.length) {
      this.items[i] = last;
      this.index.set(last, i);
    }
    this.index.delete(v);
  }
  get size(): number {
    return this.items.length;
  }
  pick(rng: Random): T | undefined {
    return this.items.length ? rng.pick(this.items) : undefined;
  }
}

export class Shadow {
  readonly ledger: MemoryLedger;
  seq = 0;
  /** holder → asset → restriction key → held amount. */
  private readonly groups = new Map<string, Map<string, Map<string, Group>>>();
  /** Holders with anything held, per pool (the pools a holder belongs to are fixed). */
  private readonly stocked = new Map<string, PickSet<string>>();
  /** Transfers and returns not yet received: kept in memory for their receipts. */
  readonly pending = new Set<string>();
  /** Gifts whose donor is yet to confirm them: kept, so the confirmation can be checked. */
  readonly awaitingConsent = new Set<string>();
  /** Local expiry date → `holder|asset|lot` keys of goods that arrived there with that date. */
  readonly expiring = new Map<string, Set<string>>();
  /** Needs still open, to answer or close. */
  readonly openNeeds = new PickSet<string>();

  constructor(
    private readonly catalog: CatalogLookup,
    organizations: Organization[],
    private readonly poolsOf: (holder: string) => readonly string[],
  ) {
    this.ledger = new MemoryLedger(catalog);
    for (const o of organizations) this.ledger.organizations.set(o.id, o);
  }

  /** Applies an event as the ledger will; throws the ledger's refusal if it would be refused. */
  record(recordedBy: string, body: EventBody): Outcome {
    const seq = this.seq + 1;
    const outcome = this.ledger.record({
      body,
      recordedBy,
      seq,
      recordedAt: body.occurredAt,
      receiptCode: (id) => id,
    });
    this.seq = seq;
    // Quarantined goods are held but not free: nothing may be planned with them.
    for (const d of outcome.deltas)
      if (d.attrs.state === 'held' && !d.attrs.quarantine) this.adjust(d.attrs, d.amount);
    if (body.type === 'transfer' || body.type === 'return') this.pending.add(outcome.event.id);
    // A dispatch stays known until it is settled: its settlement names it.
    if (body.type === 'receipt' && !dispatchOfShipment(this.ledger, body.transfer))
      this.pending.delete(body.transfer);
    if (body.type === 'settlement') this.pending.delete(body.dispatch);
    if (body.type === 'correction' && body.reverse) this.pending.delete(body.corrects);
    for (const n of outcome.needs)
      n.status === 'open' ? this.openNeeds.add(n.id) : this.openNeeds.delete(n.id);
    return outcome;
  }

  private adjust(a: LotAttrs, amount: number): void {
    let byAsset = this.groups.get(a.holder);
    if (!byAsset) this.groups.set(a.holder, (byAsset = new Map()));
    let byKey = byAsset.get(a.asset);
    if (!byKey) byAsset.set(a.asset, (byKey = new Map()));
    const key = restrictionKey(a.restriction);
    const g = byKey.get(key) ?? { restriction: key === '' ? null : a.restriction, amount: 0 };
    g.amount += amount;
    if (g.amount < 0) throw new Error(`demo shadow: ${a.holder} ${a.asset} below zero`);
    if (g.amount === 0) byKey.delete(key);
    else byKey.set(key, g);
    if (byKey.size === 0) byAsset.delete(a.asset);
    const pools = this.poolsOf(a.holder);
    if (byAsset.size === 0) {
      this.groups.delete(a.holder);
      for (const p of pools) this.stocked.get(p)?.delete(a.holder);
    } else {
      for (const p of pools) {
        let set = this.stocked.get(p);
        if (!set) this.stocked.set(p, (set = new PickSet()));
        set.add(a.holder);
      }
    }
    if (amount > 0 && a.expiresOn) {
      let set = this.expiring.get(a.expiresOn);
      if (!set) this.expiring.set(a.expiresOn, (set = new Set()));
      set.add(`${a.holder}|${a.asset}|${a.lotCode}`);
    }
  }

  /** A random holder of anything in `pool`, or undefined when none holds anything. */
  randomStocked(pool: string, rng: Random): string | undefined {
    return this.stocked.get(pool)?.pick(rng);
  }

  assets(holder: string): string[] {
    return [...(this.groups.get(holder)?.keys() ?? [])];
  }

  held(holder: string, asset: string): number {
    let sum = 0;
    for (const g of this.groups.get(holder)?.get(asset)?.values() ?? []) sum += g.amount;
    return sum;
  }

  heldGroups(holder: string, asset: string): Group[] {
    return [...(this.groups.get(holder)?.get(asset)?.values() ?? [])];
  }

  /** What an outgoing event toward `dest` can take without touching lots earmarked elsewhere. */
  fitting(holder: string, asset: string, dest: Destination): number {
    let sum = 0;
    for (const g of this.groups.get(holder)?.get(asset)?.values() ?? []) {
      if (g.restriction === null || fits(g.restriction, dest, this.catalog.isWithin)) sum += g.amount;
    }
    return sum;
  }

  /** What is earmarked elsewhere: what an event toward `dest` would breach to take. */
  elsewhere(holder: string, asset: string, dest: Destination): number {
    return this.held(holder, asset) - this.fitting(holder, asset, dest);
  }

  lots(holder: string, asset: string): Lot[] {
    return this.ledger.book.heldLots(holder, asset);
  }

  /**
   * Forgets what no later event can refer to: everything but shipments awaiting receipt and
   * open needs (the generator corrects an event only right after it, within its batch).
   */
  endBatch(): void {
    for (const id of this.ledger.events.keys()) if (!this.pending.has(id)) this.ledger.events.delete(id);
    for (const [id, n] of this.ledger.needs) if (n.status !== 'open') this.ledger.needs.delete(id);
    for (const key of this.ledger.donations.keys())
      if (!this.awaitingConsent.has(key)) this.ledger.donations.delete(key);
    this.ledger.book.dropEmpty();
  }
}
