/**
 * The latest events of the log, summarised for the public from their public leaves: who did
 * what with how much. Donors who gave anonymously, and organizations registered anonymous,
 * appear only as their kind (the leaf already says so); counts of people read as the leaf
 * gives them ("<5" below five). Receipt codes are never part of a leaf.
 */
import { desc, inArray } from 'drizzle-orm';
import type { AnonymousParty, PublicLeaf } from '../../contract/privacy.ts';
import { eventId } from '../../domain/events.ts';
import type { Db } from '../database.ts';
import { events, eventState } from '../schema.ts';

type Read = Pick<Db, 'select'>;

export interface ActivityItem {
  seq: number;
  id: string;
  type: string;
  occurredAt: string;
  /** The recording organization, or only its kind when it is registered anonymous. */
  recordedBy: string | AnonymousParty;
  /** The other party: donor, destination, supplier, or null (anonymous donor, none). */
  counterpart: string | AnonymousParty | null;
  /** Kind of an anonymous donor. */
  anonymousDonorKind: string | null;
  asset: string | null;
  amount: number | null;
  /** What a purchase bought. */
  boughtAsset: string | null;
  boughtAmount: number | null;
  disease: string | null;
  /** As the public sees it: "<5" below five. */
  beneficiaries: number | string | null;
  reason: string | null;
  /** The date an opening balance's figure stood on. */
  asOf: string | null;
  /** The event a correction or receipt refers to. */
  refers: string | null;
  appealTitleZh: string | null;
  appealTitleEn: string | null;
  /** The correction that reversed or replaced this event, if any. */
  correctedBy: string | null;
  reversed: boolean;
}

type Party = string | AnonymousParty;
interface PublicEvent {
  type: string;
  occurredAt: string;
  donor?: Party;
  anonymous?: boolean;
  donorKind?: string;
  to?: Party;
  supplier?: Party;
  money?: { currency: string; amount: number };
  goods?: { item: string; quantity: number };
  disease?: string;
  beneficiaries?: number | string;
  reason?: string;
  corrects?: string;
  transfer?: string;
  donation?: string;
  titleZh?: string;
  titleEn?: string;
  asOf?: string;
}

const assetOf = (e: PublicEvent): [string | null, number | null] =>
  e.money
    ? [`money:${e.money.currency}`, e.money.amount]
    : e.goods
      ? [`goods:${e.goods.item}`, e.goods.quantity]
      : [null, null];

export async function recentActivity(db: Read, limit = 12): Promise<ActivityItem[]> {
  const rows = await db.select().from(events).orderBy(desc(events.seq)).limit(limit);
  const standing =
    rows.length === 0
      ? []
      : await db
          .select({ seq: eventState.seq, status: eventState.status, effectiveSeq: eventState.effectiveSeq })
          .from(eventState)
          .where(
            inArray(
              eventState.seq,
              rows.map((r) => r.seq),
            ),
          );
  const stateOf = new Map(
    standing.map((s) => [eventId(s.seq), { status: s.status, effective: eventId(s.effectiveSeq) }]),
  );
  return rows.map((r) => {
    const leaf = JSON.parse(r.leaf) as PublicLeaf;
    const e = leaf.event as unknown as PublicEvent;
    const isGift = e.type === 'donation' || e.type === 'pledge';
    const anonymousDonor =
      isGift && (e.anonymous === true || e.donor === undefined || typeof e.donor !== 'string');
    const [asset, amount] =
      e.type === 'purchase'
        ? [e.money ? `money:${e.money.currency}` : null, e.money?.amount ?? null]
        : assetOf(e);
    return {
      seq: r.seq,
      id: r.id,
      type: r.type,
      occurredAt: r.occurredAt,
      recordedBy: leaf.recordedBy,
      counterpart: isGift ? (anonymousDonor ? null : (e.donor ?? null)) : (e.to ?? e.supplier ?? null),
      anonymousDonorKind: anonymousDonor
        ? (e.donorKind ?? (typeof e.donor === 'object' ? e.donor.kind : 'individual'))
        : null,
      asset,
      amount,
      boughtAsset: e.type === 'purchase' && e.goods ? `goods:${e.goods.item}` : null,
      boughtAmount: e.type === 'purchase' && e.goods ? e.goods.quantity : null,
      disease: e.disease ?? null,
      beneficiaries: e.beneficiaries ?? null,
      reason: e.reason ?? null,
      asOf: e.asOf ?? null,
      refers: e.corrects ?? e.transfer ?? e.donation ?? null,
      appealTitleZh: e.titleZh ?? null,
      appealTitleEn: e.titleEn ?? null,
      correctedBy:
        stateOf.get(r.id) && stateOf.get(r.id)!.effective !== r.id ? stateOf.get(r.id)!.effective : null,
      reversed: stateOf.get(r.id)?.status === 'reversed',
    };
  });
}
