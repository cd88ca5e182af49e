/**
 * The gift answer, built once: the API's GET /api/v1/donations/{receiptCode}, the static gift
 * pages and the lookup page all show what this returns.
 */
import { isMoney, presentAsset } from '../../contract/assets.ts';
import type { GiftAnswer } from '../../contract/gift.ts';
import { publicCount } from '../../contract/privacy.ts';
import { fateStates, type FateState } from '../../contract/vocabulary.ts';
import type { Db } from '../database.ts';
import { donationStory } from '../queries/donation-fate.ts';
import { giftProof, trailProofs } from '../queries/site-gifts.ts';
import { privatePartOf } from '../queries/private-parts.ts';
import { giftShipments } from '../queries/gift-shipments.ts';
import { custodyAnswer, type CustodyCatalog } from './custody.ts';
import { giftShipmentView } from '../../contract/custody.ts';

/** The custody of each shipment of goods the gift travelled in, from the one custody answer. */
async function giftCustody(db: Read, catalog: CustodyCatalog, key: string) {
  const out = [];
  for (const id of await giftShipments(db, key)) {
    const c = await custodyAnswer(db, catalog, id);
    if (c) out.push(giftShipmentView(c));
  }
  return out;
}

type Read = Pick<Db, 'all' | 'select'>;

/**
 * The answer about the gift recorded by donation event `key`, or null if there is none. Its
 * public form by default; for whoever presented the gift's receipt code (`presented`), also
 * the code and the private part of the gift's leaf, so they can check its commitment.
 */
export async function giftAnswer(
  db: Read,
  key: string,
  catalog: CustodyCatalog,
  presented?: { receiptCode: string },
): Promise<GiftAnswer | null> {
  const story = await donationStory(db, key);
  if (!story) return null;
  if (presented && presented.receiptCode !== story.receiptCode) return null;
  const [proof, privatePart] = await Promise.all([
    giftProof(db, story.leafIndex),
    presented ? privatePartOf(db, story.leafIndex + 1) : null,
  ]);
  const trail = await trailProofs(db, proof, story.events);
  const log = trail.length ? { ...proof, trail } : proof;
  const unit = isMoney(story.asset) ? 'amount' : 'quantity';
  const total = (state: FateState) =>
    story.fate.filter((p) => p.state === state).reduce((a, p) => a + p.amount, 0);
  return {
    id: story.key,
    ...(presented ? { receiptCode: story.receiptCode } : {}),
    kind: story.kind,
    status: story.status,
    donor: story.donor,
    donorConfirmed: story.donorConfirmed,
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
    totals: Object.fromEntries(fateStates.map((s) => [s, total(s)])) as GiftAnswer['totals'],
    trail: story.trail,
    uses: story.uses.map((u) => ({ ...u, beneficiaries: publicCount(u.beneficiaries) })),
    corrections: story.corrections,
    custody: await giftCustody(db, catalog, key),
    log,
    ...(privatePart ? { private: privatePart } : {}),
  };
}
