/**
 * The answer of GET /api/v1/donations/{receiptCode}, as the site reads it. The type comes
 * from the API's own zod schema, so the page and the API cannot drift apart unnoticed.
 */
import type { z } from 'zod';
import type { DonationAnswer } from '../../api/http/donations/schemas.ts';

export type GiftAnswer = z.infer<typeof DonationAnswer>;

/** `money:CNY` or `goods:<item>`: the units every amount of the answer is in. */
export function giftAsset(answer: Pick<GiftAnswer, 'gift'>): string {
  const g = answer.gift as { money?: { currency: string }; goods?: { item: string } };
  return g.money ? `money:${g.money.currency}` : `goods:${g.goods!.item}`;
}

export function giftAmount(answer: Pick<GiftAnswer, 'gift'>): number {
  const g = answer.gift as { money?: { amount?: number }; goods?: { quantity?: number } };
  return g.money?.amount ?? g.goods?.quantity ?? 0;
}

/** `money:CNY` / `goods:x` from an AssetView (what a part of the gift is now). */
export function viewAsset(view: unknown): string {
  const v = view as { money?: { currency: string }; goods?: { item: string } };
  return v.money ? `money:${v.money.currency}` : v.goods ? `goods:${v.goods.item}` : '';
}

/** A fate part's amount: `amount` for money gifts, `quantity` for goods gifts. */
export const partAmount = (p: { amount?: number; quantity?: number }) => p.amount ?? p.quantity ?? 0;
