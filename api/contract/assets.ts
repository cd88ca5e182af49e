/**
 * Assets as the ledger names them (`money:CNY`, `goods:insulin-glargine`) and as public
 * answers show them (`{ money: { currency, amount } }` / `{ goods: { item, quantity, lot } }`).
 */
import { z } from 'zod';

export const moneyPrefix = 'money:';
export const goodsPrefix = 'goods:';

export const isMoney = (asset: string): boolean => asset.startsWith(moneyPrefix);

/** The currency of a money asset or the item of a goods asset. */
export const assetName = (asset: string): string => asset.slice(asset.indexOf(':') + 1);

export const AssetView = z
  .union([
    z.object({ money: z.object({ currency: z.string(), amount: z.int().optional() }) }),
    z.object({
      goods: z.object({ item: z.string(), quantity: z.int().optional(), lot: z.string().optional() }),
    }),
  ])
  .meta({ id: 'AssetView' });
export type AssetView = z.infer<typeof AssetView>;

/** `money:CNY` / `goods:insulin-glargine` as public answers show them, with an amount when given. */
export function presentAsset(asset: string, amount?: number, lotCode?: string): AssetView {
  const name = assetName(asset);
  if (isMoney(asset)) return { money: { currency: name, ...(amount === undefined ? {} : { amount }) } };
  return {
    goods: {
      item: name,
      ...(amount === undefined ? {} : { quantity: amount }),
      ...(lotCode ? { lot: lotCode } : {}),
    },
  };
}

/** The ledger's name of a presented asset: `money:CNY` or `goods:<item>`. */
export function assetOfView(view: AssetView): string {
  return 'money' in view ? moneyPrefix + view.money.currency : goodsPrefix + view.goods.item;
}

/** The amount of a presented asset: minor units of money, or units of the item. */
export function amountOfView(view: AssetView): number {
  return 'money' in view ? (view.money.amount ?? 0) : (view.goods.quantity ?? 0);
}
