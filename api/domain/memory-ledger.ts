/**
 * A ledger held wholly in memory: the reference model of the rules. Tests drive it directly,
 * the store uses it as the working set of a write batch (filled from the database with just
 * the rows the batch refers to), and rebuilds replay the log through it.
 */
import { applyEvent, type EventInput } from './ledger.ts';
import type {
  AppealRecord,
  CatalogLookup,
  DonationRecord,
  EventFacts,
  LedgerState,
  Organization,
  Outcome,
} from './ledger-state.ts';
import { LotBook } from './lots.ts';
import type { NeedRecord } from './needs.ts';
import type { DispatchRecord, ReservePlanRecord } from './reserves.ts';
import type { ComplaintRecord } from './complaints.ts';

export class MemoryLedger implements LedgerState {
  readonly book: LotBook;
  readonly organizations = new Map<string, Organization>();
  readonly events = new Map<string, EventFacts>();
  readonly donations = new Map<string, DonationRecord>();
  readonly appeals = new Map<string, AppealRecord>();
  readonly needs = new Map<string, NeedRecord>();
  readonly plans = new Map<string, ReservePlanRecord>();
  readonly dispatches = new Map<string, DispatchRecord>();
  readonly complaints = new Map<string, ComplaintRecord>();

  constructor(
    readonly catalog: CatalogLookup,
    nextLotId = 1,
  ) {
    this.book = new LotBook(nextLotId);
  }

  organization(id: string) {
    return this.organizations.get(id);
  }
  event(id: string) {
    return this.events.get(id);
  }
  donation(key: string) {
    return this.donations.get(key);
  }
  appeal(id: string) {
    return this.appeals.get(id);
  }
  need(id: string) {
    return this.needs.get(id);
  }
  openNeeds(facility: string) {
    return [...this.needs.values()].filter((n) => n.facility === facility && n.status === 'open');
  }
  complaint(id: string) {
    return this.complaints.get(id);
  }
  needsAnsweredBy(seq: number) {
    return [...this.needs.values()].filter((n) => n.allocations.some((a) => a.seq === seq));
  }
  reservePlans(holder: string, item: string) {
    return [...this.plans.values()].filter((p) => p.holder === holder && p.item === item);
  }
  dispatchRequest(id: string) {
    return this.dispatches.get(id);
  }

  /**
   * Applies one event and keeps its consequences. On refusal nothing is kept: lot ids handed
   * out are taken back, so a replay of only the accepted events allocates the same ids.
   */
  record(input: EventInput): Outcome {
    const nextLotId = this.book.nextLotId;
    try {
      const outcome = applyEvent(this, input);
      this.keep(outcome);
      return outcome;
    } catch (e) {
      this.book.rewindIds(nextLotId);
      throw e;
    }
  }

  private keep(o: Outcome): void {
    for (const f of o.facts) this.events.set(f.id, f);
    for (const d of o.donations) this.donations.set(d.key, d);
    for (const a of o.appeals) this.appeals.set(a.id, a);
    for (const n of o.needs) this.needs.set(n.id, n);
    for (const p of o.plans ?? []) this.plans.set(p.id, p);
    for (const d of o.dispatches ?? []) this.dispatches.set(d.id, d);
    for (const c of o.complaints ?? []) this.complaints.set(c.id, c);
  }
}
