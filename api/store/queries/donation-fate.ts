/**
 * A gift's public story: what it was, where every unit of it is now (its fate), the trail
 * it took through holders, the uses it paid for, its corrections, and the log leaf that
 * records it. Anonymous donors stay anonymous: only their kind is shown.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { fateOf, trailOf, type FatePart, type FlowRow, type TrailEdge } from '../../domain/fate.ts';
import type { FlowKind } from '../../domain/flows.ts';
import { type AnonymousParty, anonymousParty } from '../../contract/privacy.ts';
import { eventId, seqOf, seqOfEventId } from '../../domain/events.ts';
import type { Db } from '../database.ts';
import { readStandings } from '../event-body.ts';
import { donations, events, eventState, flows, lotShares, lots, organizations } from '../schema.ts';

type Read = Pick<Db, 'select'>;

export interface OrgRef {
  id: string;
  name: string;
  kind: string;
  region: string;
}

export interface DonationStory {
  key: string;
  receiptCode: string;
  kind: 'donation' | 'pledge';
  status: 'active' | 'reversed';
  donor: OrgRef | AnonymousParty;
  /** The named donor consented (its own token recorded or confirmed the gift). */
  donorConfirmed: boolean;
  recipient: OrgRef;
  asset: string;
  lotCode: string;
  amount: number;
  restriction: { region?: string; disease?: string; appeal?: string; purpose?: string } | null;
  occurredAt: string;
  leafIndex: number;
  fate: FatePart[];
  trail: { nodes: OrgRef[]; edges: TrailEdge[] };
  uses: Array<{
    event: string;
    holder: string;
    disease: string | null;
    amount: number;
    beneficiaries: number;
  }>;
  corrections: Array<{ event: string; reason: string; occurredAt: string }>;
  /** Every event the fate and trail are computed from (flows and corrections), gift excluded. */
  events: string[];
}

export async function findDonationKey(db: Read, receiptCode: string): Promise<string | null> {
  const [row] = await db
    .select({ key: donations.key })
    .from(donations)
    .where(eq(donations.receiptCode, receiptCode))
    .limit(1);
  return row?.key ?? null;
}

export async function donationStory(db: Read, key: string): Promise<DonationStory | null> {
  const [gift] = await db.select().from(donations).where(eq(donations.key, key)).limit(1);
  if (!gift) return null;
  const [held, flowRows, first] = await Promise.all([
    db
      .select({
        state: lots.state,
        holder: lots.holder,
        asset: lots.asset,
        lotCode: lots.lotCode,
        amount: lotShares.amount,
      })
      .from(lotShares)
      .innerJoin(lots, eq(lots.id, lotShares.lot))
      .where(eq(lotShares.donation, key)),
    db.select().from(flows).where(eq(flows.donation, key)).orderBy(asc(flows.seq), asc(flows.id)),
    db
      .select({ seq: events.seq })
      .from(events)
      .where(eq(events.seq, seqOfEventId(key) ?? 0))
      .limit(1),
  ]);
  const rows: FlowRow[] = flowRows.map((f) => ({
    event: eventId(f.seq),
    kind: f.kind as FlowKind,
    from: f.fromOrg,
    to: f.toOrg,
    asset: f.asset,
    amount: f.amount,
    disease: f.disease,
    reason: f.reason,
    breach: f.breach,
  }));
  const amount = gift.kind === 'pledge' || gift.status === 'reversed' ? 0 : gift.amount;
  const fate =
    gift.kind === 'pledge'
      ? []
      : fateOf(
          amount,
          held.map((h) => ({ ...h, state: h.state as 'held' | 'in_transit' })),
          rows,
        );
  const edges = trailOf(rows);

  const useTotals = new Map<string, { holder: string; disease: string | null; amount: number }>();
  for (const r of rows) {
    if (r.kind !== 'used') continue;
    const u = useTotals.get(r.event) ?? { holder: r.to, disease: r.disease, amount: 0 };
    u.amount += r.amount;
    useTotals.set(r.event, u);
  }
  const useIds = [...useTotals].filter(([, u]) => u.amount !== 0).map(([id]) => id);
  // The exact count (the leaf shows "<5"); the answer applies publicCount.
  const beneficiaries: Array<{ id: string; n: number | null }> = [];
  for (let i = 0; i < useIds.length; i += 500)
    for (const u of await readStandings(db, useIds.slice(i, i + 500).map(seqOf)))
      beneficiaries.push({ id: u.id, n: (u.body as { beneficiaries?: number }).beneficiaries ?? null });
  const byUse = new Map(beneficiaries.map((b) => [b.id, b.n]));

  const corrections = await correctionsOf(db, key);

  const orgIds = new Set<string>([gift.recipient, ...(gift.donor && !gift.anonymous ? [gift.donor] : [])]);
  for (const e of edges) {
    if (e.from) orgIds.add(e.from);
    orgIds.add(e.to);
  }
  for (const p of fate) orgIds.add(p.holder);
  const found = await db
    .select()
    .from(organizations)
    .where(inArray(organizations.id, [...orgIds]));
  // An organization registered anonymous holds, receives and uses under `anonymous:<kind>`,
  // with no name: never by its id.
  const hidden = new Map(found.filter((o) => o.anonymous).map((o) => [o.id, `anonymous:${o.kind}`]));
  const pub = (id: string) => hidden.get(id) ?? id;
  const orgs = new Map(
    found.map((o) => [
      pub(o.id),
      o.anonymous
        ? { id: pub(o.id), name: '', kind: o.kind, region: '' }
        : { id: o.id, name: o.name, kind: o.kind, region: o.region },
    ]),
  );
  const ref = (id: string): OrgRef => orgs.get(pub(id)) ?? { id, name: id, kind: 'unknown', region: '' };

  // Anonymous donors never appear as nodes or edge ends.
  const publicEdges = edges.map((e) => ({
    ...e,
    from: e.kind === 'donated' && gift.anonymous ? null : e.from === null ? null : pub(e.from),
    to: pub(e.to),
  }));
  const nodes = [...new Set([...orgIds].filter((id) => !(gift.anonymous && id === gift.donor)).map(pub))].map(
    ref,
  );
  return {
    key,
    receiptCode: gift.receiptCode,
    kind: gift.kind as DonationStory['kind'],
    status: gift.status as DonationStory['status'],
    donor: gift.anonymous || !gift.donor ? anonymousParty(gift.donorKind) : ref(gift.donor),
    donorConfirmed: !gift.anonymous && gift.donor !== null && gift.donorConfirmed,
    recipient: ref(gift.recipient),
    asset: gift.asset,
    lotCode: gift.lotCode,
    amount: gift.amount,
    restriction:
      gift.restrictionRegion || gift.restrictionDisease || gift.restrictionAppeal || gift.restrictionPurpose
        ? Object.fromEntries(
            Object.entries({
              region: gift.restrictionRegion,
              disease: gift.restrictionDisease,
              appeal: gift.restrictionAppeal,
              purpose: gift.restrictionPurpose,
            }).filter(([, v]) => v !== null),
          )
        : null,
    occurredAt: gift.occurredAt,
    leafIndex: first[0]!.seq - 1,
    fate: fate.map((p) => ({ ...p, holder: pub(p.holder) })),
    trail: { nodes, edges: publicEdges },
    events: await trailEvents(db, key, rows, corrections),
    uses: useIds.map((id) => {
      const u = useTotals.get(id)!;
      return { event: id, ...u, holder: pub(u.holder), beneficiaries: byUse.get(id) ?? 0 };
    }),
    corrections: corrections.map((c) => {
      const e = JSON.parse(c.leaf).event as { reason: string; occurredAt: string };
      return { event: c.event, reason: e.reason, occurredAt: e.occurredAt };
    }),
  };
}

/**
 * The events a gift's fate and trail are computed from: those that moved its units (flows),
 * the receipts that acknowledged those shipments, and its corrections — the gift itself aside.
 */
async function trailEvents(
  db: Read,
  key: string,
  rows: readonly FlowRow[],
  corrections: ReadonlyArray<{ event: string }>,
): Promise<string[]> {
  const moved = [...new Set(rows.map((r) => r.event))];
  const receipts: string[] = [];
  for (let i = 0; i < moved.length; i += 500) {
    const found = await db
      .select({ receipt: eventState.receiptSeq })
      .from(eventState)
      .where(inArray(eventState.seq, moved.slice(i, i + 500).map(seqOf)));
    for (const f of found) if (f.receipt !== null) receipts.push(eventId(f.receipt));
  }
  return [...new Set([...moved, ...receipts, ...corrections.map((c) => c.event)])].filter((id) => id !== key);
}

/** The corrections of event `key`, in log order; the events_corrects index finds them. */
export const correctionsOf = (db: Read, key: string) =>
  db
    .select({ event: events.id, leaf: events.leaf })
    .from(events)
    .where(and(eq(events.type, 'correction'), sql`json_extract(${events.leaf}, '$.event.corrects') = ${key}`))
    .orderBy(asc(events.seq));
