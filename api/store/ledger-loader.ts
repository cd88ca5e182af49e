/**
 * Fills the working set of a write batch: before an event is applied, the rows it refers
 * to (organizations, earlier events, gifts, appeals, the lots it may consume) are read into
 * a MemoryLedger. Rows loaded once stay loaded for the rest of the batch, and rows the
 * batch itself changed are never overwritten by their stale stored versions.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import {
  EventId,
  seqOf,
  type EventBody,
  type Goods,
  type Money,
  type Of,
  type PlainEvent,
} from '../domain/events.ts';
import type { Flow } from '../domain/flows.ts';
import type { EventInput } from '../domain/ledger.ts';
import type {
  AppealRecord,
  CatalogLookup,
  Outcome,
  DonationRecord,
  EventFacts,
  Organization,
} from '../domain/ledger-state.ts';
import { goodsAsset, moneyAsset, type Lot } from '../domain/lots.ts';
import { MemoryLedger } from '../domain/memory-ledger.ts';
import type { NeedRecord } from '../domain/needs.ts';
import { isComplaintEvent, type ComplaintEventBody } from '../domain/complaints.ts';
import { loadComplaints } from './complaint-rows.ts';
import type { Db } from './database.ts';
import { decodeDeltas } from './delta-codec.ts';
import { readStandings } from './event-body.ts';
import { readDispatchRequests, readPlans } from './reserve-rows.ts';
import {
  appeals,
  donations,
  flows,
  lotShares,
  lots,
  needAllocations,
  needs,
  organizations,
} from './schema.ts';

type Tx = Pick<Db, 'select'>;

const assetOf = (a: { money?: Money; goods?: Goods }) =>
  a.money ? moneyAsset(a.money.currency) : goodsAsset(a.goods!.item);

/**
 * Past this many lots and remembered reads a kept working set is started afresh (what it
 * held is read back as needed), so memory stays bounded on a ledger of any length.
 */
export const keptLoaderLimit = 50_000;

export class LedgerLoader {
  readonly ledger: MemoryLedger;
  /** Each need as stored when this batch first read it (null: created in this batch). */
  readonly needsBefore = new Map<string, NeedRecord | null>();
  private readonly loaded = new Set<string>();
  private readonly loadedPerBatch = new Set<string>();
  /**
   * Events recorded through this loader whose in-transit lots no receipt has read yet. Storage
   * holds no lot naming such an event that the book lacks: the event did not exist before this
   * loader recorded it, and every write since went through this loader (the writer keeps a
   * loader only while no one else writes), so reading its lots back would find only copies.
   */
  private readonly transitKnown = new Set<string>();

  constructor(catalog: CatalogLookup, nextLotId: number) {
    this.ledger = new MemoryLedger(catalog, nextLotId);
  }

  /** Loads everything `body`, recorded by `recordedBy`, may read. */
  async prepare(tx: Tx, body: EventBody, recordedBy: string): Promise<void> {
    if (isComplaintEvent(body)) return this.prepareComplaint(tx, body, recordedBy);
    const {
      orgIds,
      eventIds,
      appealIds,
      holdings,
      needIds,
      facilities,
      keys,
      requestIds,
      planKeys,
      receiptLotsOf,
    } = referencesOf(body, recordedBy);
    await this.loadEvents(tx, [...eventIds]);
    // Second round: what the referenced events refer to.
    const lotIds: number[] = [];
    const transfers: string[] = [];
    for (const id of eventIds) {
      const e = this.ledger.event(id);
      if (!e) continue;
      if (e.type === 'transfer' || e.type === 'return') {
        const request = (e.body as Of<'transfer'>).request;
        if (request) requestIds.add(request);
        transfers.push(e.id);
        if (id === receiptLotsOf && e.receivedBy) {
          await this.loadEvents(tx, [e.receivedBy]);
          const receipt = this.ledger.event(e.receivedBy);
          lotIds.push(...(receipt?.deltas ?? []).filter((d) => d.amount > 0).map((d) => d.lotId));
        }
        orgIds.add((e.body as Of<'transfer'>).to);
        if (body.type === 'receipt' && body.goods) facilities.add((e.body as Of<'transfer'>).to);
      }
      if (id === (body.type === 'correction' ? body.corrects : undefined)) {
        lotIds.push(...e.deltas.map((d) => d.lotId));
        await this.loadFlows(tx, e);
        if (e.type === 'receipt') await this.loadEvents(tx, [(e.body as Of<'receipt'>).transfer]);
        if (e.type === 'donation' || e.type === 'pledge') keys.push(e.id);
        if (e.type === 'appeal') appealIds.add((e.body as Of<'appeal'>).appeal);
        if (e.type === 'need') needIds.add(e.id);
        await this.loadNeedsAnsweredBy(tx, seqOf(e.effectiveEvent));
        // A replaced delivery is matched again against its facility's open needs.
        if (e.type === 'receipt') {
          const shipment = this.ledger.event((e.body as Of<'receipt'>).transfer);
          if (shipment) facilities.add((shipment.body as Of<'transfer'>).to);
        }
        if (e.type === 'donation') facilities.add((e.body as Of<'donation'>).recipient);
      }
    }
    await this.loadNeedsById(tx, [...needIds]);
    for (const id of needIds) {
      const n = this.ledger.need(id);
      if (n) orgIds.add(n.facility);
    }
    for (const f of facilities) await this.loadOpenNeedsOf(tx, f);
    for (const [holder, item] of planKeys) await this.loadPlans(tx, holder, item);
    await this.loadDispatchRequests(tx, [...requestIds]);
    await Promise.all([
      this.loadOrganizations(tx, [...orgIds]),
      this.loadDonations(tx, keys),
      this.loadAppeals(tx, [...appealIds]),
    ]);
    for (const [holder, asset] of holdings) await this.loadHolding(tx, holder, asset);
    for (const t of transfers) await this.loadInTransit(tx, t);
    await this.loadLotsById(tx, lotIds);
  }

  /**
   * Reads, in a few queries, what a whole batch of events refers to, before any of them is
   * applied: `prepare` then finds it loaded instead of asking the database event by event.
   * Storage does not change while a batch is applied (it is written at the end), and a loaded
   * row never replaces one the batch holds, so this only warms what `prepare` would read.
   */
  async prefetch(tx: Tx, inputs: ReadonlyArray<{ body: EventBody; recordedBy: string }>): Promise<void> {
    const all = emptyReferences();
    for (const { body, recordedBy } of inputs) {
      if (isComplaintEvent(body)) continue;
      const r = referencesOf(body, recordedBy);
      for (const k of ['orgIds', 'eventIds', 'appealIds', 'needIds', 'facilities', 'requestIds'] as const)
        for (const v of r[k]) all[k].add(v);
      all.holdings.push(...r.holdings);
      all.keys.push(...r.keys);
    }
    await this.loadEvents(tx, [...all.eventIds]);
    // What the referenced events refer to: a shipment's destination, request and goods in transit.
    for (const { body } of inputs) {
      // Goods received are matched against the open needs of where the shipment went, and a
      // shipment sent in this batch may be received in it too.
      if (body.type === 'transfer' && body.goods) all.facilities.add(body.to);
      if (body.type !== 'receipt' || !body.goods) continue;
      const shipment = this.ledger.event(body.transfer);
      if (shipment) all.facilities.add((shipment.body as Of<'transfer'>).to);
    }
    const transfers: string[] = [];
    for (const id of all.eventIds) {
      const e = this.ledger.event(id);
      if (e?.type !== 'transfer' && e?.type !== 'return') continue;
      const shipment = e.body as Of<'transfer'>;
      all.orgIds.add(shipment.to);
      if (shipment.request) all.requestIds.add(shipment.request);
      transfers.push(e.id);
    }
    await this.loadNeedsById(tx, [...all.needIds]);
    for (const id of all.needIds) {
      const n = this.ledger.need(id);
      if (n) all.orgIds.add(n.facility);
    }
    await this.loadOpenNeedsOfMany(tx, [...all.facilities]);
    await this.loadDispatchRequests(tx, [...all.requestIds]);
    await this.loadOrganizations(tx, [...all.orgIds]);
    await this.loadDonations(tx, all.keys);
    await this.loadAppeals(tx, [...all.appealIds]);
    await this.loadHoldings(tx, all.holdings);
    await this.loadInTransitMany(tx, transfers);
  }

  /** Applies one event (see MemoryLedger.record), noting what storage can no longer add to. */
  record(input: EventInput): Outcome {
    const outcome = this.ledger.record(input);
    if (outcome.deltas.some((d) => d.attrs.state === 'in_transit' && d.attrs.transfer === outcome.event.id))
      this.transitKnown.add(outcome.event.id);
    return outcome;
  }

  /** A complaint reads what it is about; an answer, a say or a moderation reads the complaint. */
  private async prepareComplaint(tx: Tx, body: ComplaintEventBody, recordedBy: string): Promise<void> {
    await this.loadOrganizations(tx, [recordedBy]);
    if (body.type === 'complaint') {
      if (EventId.safeParse(body.about).success) await this.loadEvents(tx, [body.about]);
      else await this.loadOrganizations(tx, [body.about]);
      return;
    }
    const todo = this.fresh('complaint', [body.complaint]).filter((id) => !this.ledger.complaints.has(id));
    for (const c of await loadComplaints(tx, todo)) this.ledger.complaints.set(c.id, c);
    if (body.type === 'complaint_answer') {
      const c = this.ledger.complaint(body.complaint);
      if (c) await this.loadOrganizations(tx, [c.organization]);
    }
  }

  /**
   * Readies a loader kept from the previous batch for the next one. Lots, organizations and
   * appeals stay (the writer keeps a loader only while no one else has written since), event
   * standings and gifts are dropped: they are read back on demand, and keeping them all would
   * hold the whole ledger in memory.
   */
  startBatch(): void {
    this.ledger.events.clear();
    this.ledger.donations.clear();
    this.ledger.needs.clear();
    this.ledger.dispatches.clear();
    this.ledger.complaints.clear();
    this.needsBefore.clear();
    this.loadedPerBatch.clear();
    this.ledger.book.dropEmpty();
  }

  /**
   * Roughly how much this loader keeps from batch to batch (lots, and what it knows it has
   * read): a caller that keeps it drops it past a bound, as if another process had written.
   */
  get footprint(): number {
    return this.ledger.book.size + this.loaded.size + this.transitKnown.size;
  }

  private fresh(kind: string, ids: string[]): string[] {
    const seen =
      kind === 'event' ||
      kind === 'donation' ||
      kind === 'open-needs' ||
      kind === 'dispatch' ||
      kind === 'complaint'
        ? this.loadedPerBatch
        : this.loaded;
    return ids.filter((id) => {
      const key = `${kind}\u0000${id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private async loadOrganizations(tx: Tx, ids: string[]) {
    // Organizations are created outside the ledger (by the CLI), so a miss is never remembered.
    const todo = ids.filter((id) => !this.ledger.organizations.has(id));
    if (todo.length === 0) return;
    for (const o of await tx.select().from(organizations).where(inArray(organizations.id, todo))) {
      const org: Organization = {
        id: o.id,
        name: o.name,
        kind: o.kind as Organization['kind'],
        region: o.region,
        anonymous: o.anonymous,
      };
      this.ledger.organizations.set(o.id, org);
    }
  }

  private async loadEvents(tx: Tx, ids: string[]) {
    const todo = this.fresh('event', ids).filter((id) => !this.ledger.events.has(id));
    if (todo.length === 0) return;
    for (const r of await readStandings(tx, todo.map(seqOf))) {
      const facts: EventFacts = {
        id: r.id,
        seq: r.seq,
        type: r.body.type,
        recordedBy: r.recordedBy,
        status: r.status as EventFacts['status'],
        effectiveEvent: r.effectiveEvent,
        replacedBy: r.replacedBy,
        receivedBy: r.receivedBy,
        body: r.body,
        deltas: decodeDeltas(r.deltas),
        flows: [],
      };
      this.ledger.events.set(r.id, facts);
    }
  }

  /** A holder's plans for an item; a plan never changes, and new ones join the ledger as they are filed. */
  private async loadPlans(tx: Tx, holder: string, item: string) {
    if (this.fresh('plans', [`${holder}\u0000${item}`]).length === 0) return;
    for (const p of await readPlans(tx, holder, item))
      if (!this.ledger.plans.has(p.id)) this.ledger.plans.set(p.id, p);
  }

  private async loadDispatchRequests(tx: Tx, ids: string[]) {
    const todo = this.fresh('dispatch', ids).filter((id) => !this.ledger.dispatches.has(id));
    for (const d of await readDispatchRequests(tx, todo)) this.ledger.dispatches.set(d.id, d);
  }

  private async loadNeedsById(tx: Tx, ids: string[]) {
    const todo = ids.filter((id) => !this.ledger.needs.has(id));
    if (todo.length) await this.loadNeeds(tx, inArray(needs.id, todo));
  }

  private async loadOpenNeedsOf(tx: Tx, facility: string) {
    await this.loadOpenNeedsOfMany(tx, [facility]);
  }

  private async loadOpenNeedsOfMany(tx: Tx, facilities: string[]) {
    const todo = this.fresh('open-needs', facilities);
    for (let i = 0; i < todo.length; i += inListSize)
      await this.loadNeeds(
        tx,
        and(inArray(needs.facility, todo.slice(i, i + inListSize)), eq(needs.status, 'open'))!,
      );
  }

  private async loadNeedsAnsweredBy(tx: Tx, seq: number) {
    const ids = (
      await tx
        .select({ need: needAllocations.need })
        .from(needAllocations)
        .where(eq(needAllocations.seq, seq))
    ).map((r) => r.need);
    await this.loadNeedsById(tx, ids);
  }

  private async loadNeeds(tx: Tx, where: ReturnType<typeof eq>) {
    const rows = await tx.select().from(needs).where(where);
    const fresh = rows.filter((r) => !this.ledger.needs.has(r.id));
    if (fresh.length === 0) return;
    const allocations = await tx
      .select()
      .from(needAllocations)
      .where(
        inArray(
          needAllocations.need,
          fresh.map((r) => r.id),
        ),
      );
    const byNeed = new Map<string, NeedRecord['allocations']>();
    for (const a of allocations)
      byNeed.set(a.need, [...(byNeed.get(a.need) ?? []), { seq: a.seq, quantity: a.quantity, at: a.at }]);
    for (const r of fresh) {
      const need: NeedRecord = {
        id: r.id,
        seq: r.seq,
        facility: r.facility,
        region: r.region,
        recordedBy: r.recordedBy,
        item: r.item,
        category: r.category,
        quantity: r.quantity,
        quantityStated: r.quantityStated,
        reportedBy: r.reportedBy,
        source: r.source,
        disease: r.disease,
        targetGroup: r.targetGroup,
        urgency: r.urgency as NeedRecord['urgency'],
        importance: r.importance as NeedRecord['importance'],
        priority: r.priority as NeedRecord['priority'],
        appeal: r.appeal,
        beneficiaries: r.beneficiaries,
        reportedAt: r.reportedAt,
        status: r.status as NeedRecord['status'],
        closeReason: r.closeReason,
        closedAt: r.closedAt,
        asOf: r.asOf,
        allocations: (byNeed.get(r.id) ?? []).sort((a, b) => a.seq - b.seq),
      };
      this.ledger.needs.set(r.id, need);
      if (!this.needsBefore.has(r.id)) this.needsBefore.set(r.id, need);
    }
  }

  /** The flows a correction would cancel: those of the event's current effects. */
  private async loadFlows(tx: Tx, e: EventFacts) {
    if (e.flows.length > 0 || e.status === 'reversed') return;
    const rows = await tx
      .select()
      .from(flows)
      .where(and(eq(flows.seq, seqOf(e.effectiveEvent)), eq(flows.undo, false)))
      .orderBy(asc(flows.id));
    e.flows = rows.map((f) => ({
      donation: f.donation,
      kind: f.kind as Flow['kind'],
      from: f.fromOrg,
      to: f.toOrg,
      asset: f.asset,
      lotCode: f.lotCode,
      amount: f.amount,
      disease: f.disease,
      reason: f.reason,
      breach: f.breach,
      ...(f.excursion ? { excursion: f.excursion } : {}),
    }));
  }

  private async loadDonations(tx: Tx, keys: string[]) {
    const todo = this.fresh('donation', keys).filter((k) => !this.ledger.donations.has(k));
    if (todo.length === 0) return;
    for (const r of await tx.select().from(donations).where(inArray(donations.key, todo))) {
      const d: DonationRecord = {
        key: r.key,
        kind: r.kind as DonationRecord['kind'],
        receiptCode: r.receiptCode,
        currentEvent: r.currentEvent,
        status: r.status as DonationRecord['status'],
        donor: r.donor,
        donorKind: r.donorKind as DonationRecord['donorKind'],
        anonymous: r.anonymous,
        recipient: r.recipient,
        asset: r.asset,
        lotCode: r.lotCode,
        amount: r.amount,
        restriction:
          r.restrictionRegion || r.restrictionDisease || r.restrictionAppeal || r.restrictionPurpose
            ? strip({
                region: r.restrictionRegion,
                disease: r.restrictionDisease,
                appeal: r.restrictionAppeal,
                purpose: r.restrictionPurpose,
              })
            : null,
        occurredAt: r.occurredAt,
        seq: r.seq,
        donorConfirmed: r.donorConfirmed,
      };
      this.ledger.donations.set(r.key, d);
    }
  }

  private async loadAppeals(tx: Tx, ids: string[]) {
    const todo = this.fresh('appeal', ids).filter((id) => !this.ledger.appeals.has(id));
    if (todo.length === 0) return;
    for (const r of await tx.select().from(appeals).where(inArray(appeals.id, todo))) {
      this.ledger.appeals.set(r.id, { ...r, status: r.status as AppealRecord['status'] });
    }
  }

  private async loadHolding(tx: Tx, holder: string, asset: string) {
    await this.loadHoldings(tx, [[holder, asset]]);
  }

  /** The held lots of each (holder, asset), in one query per few hundred pairs. */
  private async loadHoldings(tx: Tx, pairs: ReadonlyArray<readonly [string, string]>) {
    const todo = this.fresh(
      'holding',
      pairs.map(([holder, asset]) => `${holder}\u0000${asset}`),
    ).map((key) => key.split('\u0000') as [string, string]);
    for (let i = 0; i < todo.length; i += inListSize) {
      const part = todo.slice(i, i + inListSize);
      const list = sql.join(
        part.map(([holder, asset]) => sql`(${holder}, ${asset})`),
        sql`, `,
      );
      await this.loadLots(
        tx,
        and(
          sql`(${lots.holder}, ${lots.asset}) IN (VALUES ${list})`,
          eq(lots.state, 'held'),
          gt(lots.amount, 0),
        )!,
      );
    }
  }

  private async loadInTransit(tx: Tx, transfer: string) {
    await this.loadInTransitMany(tx, [transfer]);
  }

  private async loadInTransitMany(tx: Tx, transfers: string[]) {
    // Transfers this loader recorded itself: their lots are all in the book already.
    const todo = this.fresh('transit', transfers).filter((t) => !this.transitKnown.delete(t));
    for (let i = 0; i < todo.length; i += inListSize)
      await this.loadLots(
        tx,
        and(inArray(lots.transfer, todo.slice(i, i + inListSize)), eq(lots.state, 'in_transit'))!,
      );
  }

  private async loadLotsById(tx: Tx, ids: number[]) {
    const todo = ids.filter((id) => !this.ledger.book.get(id));
    for (let i = 0; i < todo.length; i += 500)
      await this.loadLots(tx, inArray(lots.id, todo.slice(i, i + 500)));
  }

  private async loadLots(tx: Tx, where: ReturnType<typeof eq>) {
    // A lot's shares read back in the order they were written (their position): splits of
    // integer amounts break ties by that order, so a lot read from the database must split
    // exactly as the same lot kept in memory would.
    const rows = await tx
      .select({ lot: lots, donation: lotShares.donation, share: lotShares.amount })
      .from(lots)
      .leftJoin(lotShares, eq(lotShares.lot, lots.id))
      .where(where)
      .orderBy(asc(lots.id), asc(lotShares.position));
    const byId = new Map<number, Lot>();
    for (const { lot: l, donation, share } of rows) {
      let lot = byId.get(l.id);
      if (!lot) {
        const restriction =
          l.restrictionRegion || l.restrictionDisease || l.restrictionAppeal
            ? strip({
                region: l.restrictionRegion,
                disease: l.restrictionDisease,
                appeal: l.restrictionAppeal,
              })
            : null;
        lot = {
          id: l.id,
          holder: l.holder,
          asset: l.asset,
          lotCode: l.lotCode,
          expiresOn: l.expiresOn,
          restriction,
          state: l.state as Lot['state'],
          transfer: l.transfer,
          acquiredSeq: l.acquiredSeq,
          amount: l.amount,
          shares: new Map(),
          ...(l.quarantine ? { quarantine: l.quarantine } : {}),
          ...(l.excursion ? { excursion: l.excursion } : {}),
        };
        byId.set(l.id, lot);
      }
      if (donation !== null && share !== null) lot.shares.set(donation, share);
    }
    for (const lot of byId.values()) this.ledger.book.load(lot);
  }
}

/** Values per IN list of a bulk read: SQLite's statements stay small and quick to prepare. */
const inListSize = 500;

/** What one event refers to directly, and so what must be loaded before it is applied. */
interface References {
  orgIds: Set<string>;
  eventIds: Set<string>;
  appealIds: Set<string>;
  holdings: Array<[string, string]>;
  needIds: Set<string>;
  facilities: Set<string>;
  keys: string[];
  requestIds: Set<string>;
  planKeys: Array<[string, string]>;
  /** A temperature record on a shipment already received quarantines what its receipt put in place. */
  receiptLotsOf: string | null;
}

const emptyReferences = (): References => ({
  orgIds: new Set(),
  eventIds: new Set(),
  appealIds: new Set(),
  holdings: [],
  needIds: new Set(),
  facilities: new Set(),
  keys: [],
  requestIds: new Set(),
  planKeys: [],
  receiptLotsOf: null,
});

function referencesOf(body: EventBody, recordedBy: string): References {
  const r = emptyReferences();
  const { orgIds, eventIds, appealIds, holdings, needIds, facilities, keys, requestIds, planKeys } = r;
  orgIds.add(recordedBy);
  const collect = (b: PlainEvent) => {
    switch (b.type) {
      case 'donation':
      case 'pledge':
        if (b.donor) orgIds.add(b.donor);
        orgIds.add(b.recipient);
        if (b.type === 'donation' && b.goods) facilities.add(b.recipient);
        if (b.restriction?.appeal) appealIds.add(b.restriction.appeal);
        return;
      case 'transfer':
      case 'return':
        orgIds.add(b.to);
        holdings.push([recordedBy, assetOf(b)]);
        if (b.toward?.appeal) appealIds.add(b.toward.appeal);
        if (b.type === 'transfer') b.needs?.forEach((n) => needIds.add(n));
        if (b.type === 'transfer' && b.request) requestIds.add(b.request);
        return;
      case 'receipt':
        eventIds.add(b.transfer);
        return;
      case 'purchase':
        orgIds.add(b.supplier);
        holdings.push([recordedBy, moneyAsset(b.money.currency)]);
        if (b.toward?.appeal) appealIds.add(b.toward.appeal);
        return;
      case 'use':
      case 'write_off':
        holdings.push([recordedBy, assetOf(b)]);
        return;
      case 'opening_balance':
        // New stock at the recorder: nothing earlier to read.
        return;
      case 'appeal':
        appealIds.add(b.appeal);
        return;
      case 'need':
        orgIds.add(b.facility);
        if (b.appeal) appealIds.add(b.appeal);
        return;
      case 'need_update':
      case 'need_close':
        needIds.add(b.need);
        return;
      case 'donation_confirm':
        keys.push(b.donation);
        return;
      case 'custody_handover':
        eventIds.add(b.shipment);
        orgIds.add(b.from).add(b.to);
        return;
      case 'temperature_log':
        if (b.shipment) {
          eventIds.add(b.shipment);
          r.receiptLotsOf = b.shipment;
        } else holdings.push([recordedBy, goodsAsset(b.item!)]);
        return;
      case 'lot_release':
        holdings.push([recordedBy, goodsAsset(b.item)]);
        return;
      case 'reserve_plan':
        orgIds.add(b.authority);
        return;
      case 'dispatch_request':
        orgIds.add(b.facility);
        orgIds.add(b.reserve);
        planKeys.push([b.reserve, b.item]);
        if (b.appeal) appealIds.add(b.appeal);
        return;
      case 'dispatch_review':
        requestIds.add(b.request);
        return;
      case 'settlement':
        eventIds.add(b.dispatch);
        return;
    }
  };
  if (isComplaintEvent(body)) return r;
  if (body.type === 'correction') {
    eventIds.add(body.corrects);
    if (body.replacement) collect(body.replacement);
  } else collect(body);
  return r;
}

/** Drops null fields so restrictions read back exactly as they were written. */
function strip<T extends Record<string, string | null>>(o: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null) out[k] = v;
  return out as { [K in keyof T]?: string };
}
