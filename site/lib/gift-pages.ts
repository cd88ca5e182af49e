/**
 * Pre-built gift pages: a bounded sample of gifts (the longest trails from public donors),
 * each rendered from the same story and proof the API answers with. Every other gift is
 * followed live by the lookup page.
 */
import type { GiftAnswer } from '../../api/contract/gift.ts';
import * as answers from '../../api/store/answers/gift.ts';
import { mostTravelledGifts, type SampledGift } from '../../api/store/queries/site-gifts.ts';
import { buildSource, once } from './build-data.ts';
import { itemStorage } from './item-storage.ts';

/** How many gift pages a build makes at most. */
export const giftPageLimit = 200;

export const giftSample = once((db) => mostTravelledGifts(db, giftPageLimit), [] as SampledGift[]);

/** The gift as GET /api/v1/donations/{code} shows it (the same function), read at build time. */
export async function giftAnswer(key: string): Promise<GiftAnswer | null> {
  const { db } = await buildSource();
  return db ? answers.giftAnswer(db, key, itemStorage) : null;
}
