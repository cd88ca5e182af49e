/**
 * The latest events of the log, summarised for the public: who did what with how much. Donors
 * who gave anonymously, or whose organization is marked anonymous, appear only as their kind.
 * Receipt codes are never part of a summary: a code is its donor's key to their own gift.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { hidesDonor } from '../../contract/privacy.ts';
import type { Db } from '../database.ts';
import { events, eventState, organizations } from '../schema.ts';

type Read = Pick<Db, 'select'>;

export interface ActivityItem {
  seq: number;
  id: string;
  type: string;
  occurredAt: string;
  recordedBy: string;
  /** The other party: donor, destination, supplier, or null (anonymous donor, none). */
  counterpart: string | null;
  /** Kind of an anonymous donor. */
  anonymousDonorKind: string | null;
  asset: string | null;
  amount: number | null;
  /** What a purchase bought. */
  boughtAsset: string | null;
  boughtAmount: number | null;
  disease: string | null;
  beneficiaries: number | null;
  reason: string | null;
  /** The event a correction or receipt refers to. */
  refers: string | null;
  appealTitleZh: string | null;
  appealTitleEn: string | null;
  /** The correction that reversed or replaced this event, if any. */
  correctedBy: string | null;
  reversed: boolean;
}

interface Leaf {
  event: {
    type: string;
    occurredAt: string;
    donor?: string;
    anonymous?: boolean;
    donorKind?: string;
    to?: string;
    supplier?: string;
    money?: { currency: string; amount: number };
    goods?: { item: string; quantity: number };
    disease?: string;
    beneficiaries?: number;
    reason?: string;
    corrects?: string;
    transfer?: string;
    titleZh?: string;
    titleEn?: string;
  };
}

const assetOf = (e: Leaf['event']): [string | null, number | null] =>
  e.money
    ? [`money:${e.money.currency}`, e.money.amount]
    : e.goods
      ? [`goods:${e.goods.item}`, e.goods.quantity]
      : [null, null];

export async function recentActivity(db: Read, limit = 12): Promise<ActivityItem[]> {
  const [rows, hidden] = await Promise.all([
    db.select().from(events).orderBy(desc(events.seq)).limit(limit),
    db
      .select({ id: organizations.id, kind: organizations.kind })
      .from(organizations)
      .where(eq(organizations.anonymous, true)),
  ]);
  const anonymousKind = new Map(hidden.map((o) => [o.id, o.kind]));
  const standing =
    rows.length === 0
      ? []
      : await db
          .select({ id: eventState.id, status: eventState.status, effective: eventState.effectiveEvent })
          .from(eventState)
          .where(
            inArray(
              eventState.id,
              rows.map((r) => r.id),
            ),
          );
  const stateOf = new Map(standing.map((s) => [s.id, s]));
  return rows.map((r) => {
    const e = (JSON.parse(r.leaf) as Leaf).event;
    const isGift = e.type === 'donation' || e.type === 'pledge';
    const anonymousDonor =
      isGift &&
      hidesDonor({ anonymous: e.anonymous === true, donor: e.donor }, anonymousKind.has(e.donor ?? ''));
    const [asset, amount] =
      e.type === 'purchase'
        ? [e.money ? `money:${e.money.currency}` : null, e.money?.amount ?? null]
        : assetOf(e);
    return {
      seq: r.seq,
      id: r.id,
      type: r.type,
      occurredAt: r.occurredAt,
      recordedBy: r.recordedBy,
      counterpart: isGift ? (anonymousDonor ? null : (e.donor ?? null)) : (e.to ?? e.supplier ?? null),
      anonymousDonorKind: anonymousDonor
        ? (e.donorKind ?? anonymousKind.get(e.donor!) ?? 'individual')
        : null,
      asset,
      amount,
      boughtAsset: e.type === 'purchase' && e.goods ? `goods:${e.goods.item}` : null,
      boughtAmount: e.type === 'purchase' && e.goods ? e.goods.quantity : null,
      disease: e.disease ?? null,
      beneficiaries: e.beneficiaries ?? null,
      reason: e.reason ?? null,
      refers: e.corrects ?? e.transfer ?? null,
      appealTitleZh: e.titleZh ?? null,
      appealTitleEn: e.titleEn ?? null,
      correctedBy:
        stateOf.get(r.id) && stateOf.get(r.id)!.effective !== r.id ? stateOf.get(r.id)!.effective : null,
      reversed: stateOf.get(r.id)?.status === 'reversed',
    };
  });
}
