/**
 * What the ledger needs to know to apply an event, and what applying it produces.
 * The store fills a `LedgerState` with the rows an event refers to before applying it; the
 * domain never reads storage itself.
 */
import type { EventStatus } from '../contract/vocabulary.ts';
import type { Flow } from './flows.ts';
import type { EventBody, OrganizationKind, RecordedEvent, Restriction } from './events.ts';
import type { LotBook, LotDelta } from './lots.ts';
import type { Delivery, NeedRecord } from './needs.ts';
import type { CustodyRecord } from './custody.ts';
import type { DispatchRecord, ReservePlanRecord } from './reserves.ts';
import type { ComplaintRecord } from './complaints.ts';

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  region: string;
  anonymous: boolean;
}

export type { EventStatus };

/**
 * The current standing of an event: its effective body (the latest replacement, if it was
 * corrected), whether it was reversed, and what it did, so a correction can undo it.
 */
export interface EventFacts {
  id: string;
  seq: number;
  type: EventBody['type'];
  recordedBy: string;
  body: EventBody;
  status: EventStatus;
  /** The event whose effects are current: the event itself or its latest replacing correction. */
  effectiveEvent: string;
  /** The correction whose replacement `body` is; null while the event's own body stands. */
  replacedBy: string | null;
  /** For a transfer or return: the receipt that acknowledged it. */
  receivedBy: string | null;
  deltas: LotDelta[];
  flows: Flow[];
}

export interface DonationRecord {
  /** The id of the event that first recorded the gift; lots' shares are keyed by it. */
  key: string;
  kind: 'donation' | 'pledge';
  receiptCode: string;
  currentEvent: string;
  status: EventStatus;
  donor: string | null;
  donorKind: OrganizationKind;
  anonymous: boolean;
  recipient: string;
  asset: string;
  lotCode: string;
  amount: number;
  restriction: Restriction | null;
  occurredAt: string;
  seq: number;
  /**
   * The donor consented to be named: its own token recorded the gift, or it recorded a
   * `donation_confirm`. Otherwise the gift reads "named by the recipient, unconfirmed".
   */
  donorConfirmed: boolean;
}

export interface AppealRecord {
  id: string;
  titleZh: string;
  titleEn: string;
  region: string | null;
  disease: string | null;
  openedBy: string;
  openedAt: string;
  seq: number;
  status: EventStatus;
}

export interface CatalogLookup {
  hasRegion(code: string): boolean;
  hasDisease(code: string): boolean;
  item(id: string):
    | {
        id: string;
        category: string;
        coldChain?: boolean;
        /** The cold-chain range in °C and the minutes outside it tolerated (see catalog.ts). */
        storage?: { lowC: number; highC: number; excursionMinutes: number };
      }
    | undefined;
  isWithin(code: string, ancestor: string): boolean;
  /** The region holding `code` at a level (or the nearest above, or itself when already above). */
  rollUp(code: string, level: 'province' | 'prefecture' | 'county'): { code: string } | undefined;
}

export interface LedgerState {
  readonly book: LotBook;
  readonly catalog: CatalogLookup;
  organization(id: string): Organization | undefined;
  event(id: string): EventFacts | undefined;
  donation(key: string): DonationRecord | undefined;
  appeal(id: string): AppealRecord | undefined;
  need(id: string): NeedRecord | undefined;
  /** The open needs of a facility (any item). */
  openNeeds(facility: string): NeedRecord[];
  /** The needs a delivery with this seq answered. */
  needsAnsweredBy(seq: number): NeedRecord[];
  /** Every reserve plan a holder filed for an item. */
  reservePlans(holder: string, item: string): ReservePlanRecord[];
  /** A dispatch request and how far it has gone, by the request's event id. */
  dispatchRequest(id: string): DispatchRecord | undefined;
  /** A complaint by its event id. */
  complaint(id: string): ComplaintRecord | undefined;
}

/** Everything one event changes; the store writes it in the event's transaction. */
export interface Outcome {
  event: RecordedEvent;
  deltas: LotDelta[];
  flows: Flow[];
  /** Whether the event consumed lots restricted elsewhere. */
  breach: boolean;
  /** Event standings to upsert: the new event's and, for receipts and corrections, the target's. */
  facts: EventFacts[];
  donations: DonationRecord[];
  appeals: AppealRecord[];
  /** New versions of the needs the event created or changed. */
  needs: NeedRecord[];
  /** Goods that arrived at a facility, and how much of them answered no need. */
  deliveries: Delivery[];
  /** Seqs of deliveries a correction undid. */
  undoneDeliveries: number[];
  /** Custody handovers, temperature records and lot releases to keep (by event id). */
  custody: CustodyRecord[];
  /** Reserve plans filed, and dispatch requests the event created or moved on. */
  plans?: ReservePlanRecord[];
  dispatches?: DispatchRecord[];
  /** New versions of the complaints the event filed or changed. */
  complaints?: ComplaintRecord[];
}
