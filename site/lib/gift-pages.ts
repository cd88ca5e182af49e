/**
 * Pre-built gift pages: a bounded sample of gifts (the longest trails from public donors),
 * each rendered from the same story and proof the API answers with. Every other gift is
 * followed live by the lookup page.
 */
import { presentAsset } from '../../api/http/donations/schemas.ts';
import { publicCount } from '../../api/contract/privacy.ts';
import { donationStory } from '../../api/store/queries/donation-fate.ts';
import { giftProof, mostTravelledGifts, type SampledGift } from '../../api/store/queries/site-gifts.ts';
import { buildSource, once } from './build-data.ts';
import type { GiftAnswer } from './gift-types.ts';

/** How many gift pages a build makes at most. */
export const giftPageLimit = 200;

export const giftSample = once((db) => mostTravelledGifts(db, giftPageLimit), [] as SampledGift[]);

/** The gift as GET /api/v1/donations/{code} shows it, read at build time. */
export async function giftAnswer(key: string): Promise<GiftAnswer | null> {
  const { db } = await buildSource();
  if (!db) return null;
  const story = await donationStory(db, key);
  if (!story) return null;
  const log = await giftProof(db, story.leafIndex);
  const unit = story.asset.startsWith('money:') ? 'amount' : 'quantity';
  const total = (state: string) =>
    story.fate.filter((p) => p.state === state).reduce((a, p) => a + p.amount, 0);
  return {
    receiptCode: story.receiptCode,
    kind: story.kind,
    status: story.status,
    donor: story.donor,
    recipient: story.recipient,
    gift: presentAsset(story.asset, story.amount, story.lotCode),
    restriction: story.restriction as GiftAnswer['restriction'],
    occurredAt: story.occurredAt,
    fate: story.fate.map((p) => ({
      state: p.state,
      holder: p.holder,
      [unit]: p.amount,
      asset: presentAsset(p.asset),
      disease: p.disease,
      reason: p.reason,
      breach: p.breach,
    })),
    totals: {
      held: total('held'),
      in_transit: total('in_transit'),
      used: total('used'),
      written_off: total('written_off'),
      lost: total('lost'),
    },
    trail: story.trail,
    uses: story.uses.map((u) => ({ ...u, beneficiaries: publicCount(u.beneficiaries) })),
    corrections: story.corrections,
    log,
  } as GiftAnswer;
}
