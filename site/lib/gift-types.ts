/**
 * The answer of GET /api/v1/donations/{receiptCode}, as the site reads it. The type is the
 * contract's own, so the page and the API cannot drift apart unnoticed.
 */
import { amountOfView, assetOfView, type AssetView } from '../../api/contract/assets.ts';
import type { GiftAnswer } from '../../api/contract/gift.ts';

export type { GiftAnswer };

/** `money:CNY` or `goods:<item>`: the units every amount of the answer is in. */
export const giftAsset = (answer: Pick<GiftAnswer, 'gift'>): string => assetOfView(answer.gift);

export const giftAmount = (answer: Pick<GiftAnswer, 'gift'>): number => amountOfView(answer.gift);

/** `money:CNY` / `goods:x` from an AssetView (what a part of the gift is now). */
export const viewAsset = (view: AssetView): string => assetOfView(view);

/** A fate part's amount: `amount` for money gifts, `quantity` for goods gifts. */
export const partAmount = (p: { amount?: number; quantity?: number }) => p.amount ?? p.quantity ?? 0;
