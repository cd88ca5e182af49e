/**
 * What every activity of the generator shares: the context it runs in, and small helpers for
 * amounts, batches, expiry dates and destinations.
 */
import { selectLots, type Destination } from '../../api/domain/attribution.ts';
import type { Catalog, Item } from '../../api/domain/catalog.ts';
import type { Restriction, Toward } from '../../api/domain/events.ts';
import {
  assetName,
  goodsAsset,
  isMoneyAsset,
  moneyAsset,
  type LotRestriction,
} from '../../api/domain/lots.ts';
import { addDays } from './calendar.ts';
import type { Random } from './random.ts';
import { scenarioOf, type Scenario } from './scenarios.ts';
import type { Shadow } from './shadow.ts';
import type { Stream } from './stream.ts';
import type { World } from './world.ts';

export const CNY = moneyAsset('CNY');
export { assetName, goodsAsset, isMoneyAsset };

/** A shipment being carried down a fixed path on purpose, hop by hop (see logistics.ts). */
export interface Relay {
  path: string[];
  /** Index in `path` of the holder that turns the money into goods, if any. */
  buyAt: number;
  item: string;
  hop: number;
}

export interface Ctx {
  g: Stream;
  world: World;
  scenarios: Scenario[];
  catalog: Catalog;
  rng: Random;
  shadow: Shadow;
  /** Shipments that are part of a relay, by transfer id. */
  relays: Map<string, Relay>;
  /** Cold-chain shipments on their way, by transfer id: the depot they pass through (null: none). */
  coldShipments: Map<string, string | null>;
  /** Most lots (gifts, for money) one event may draw on: keeps every event a reasonable size. */
  maxFanIn: number;
}

export const cny = (amount: number) => ({ currency: 'CNY', amount });

export function item(ctx: Ctx, id: string): Item {
  const it = ctx.catalog.item(id);
  if (!it) throw new Error(`demo: item ${id} is not in the catalogue`);
  return it;
}

/** A price near the catalogue's typical value (never below one fen). */
export const unitPrice = (rng: Random, it: Item) =>
  Math.max(1, Math.round(it.typicalUnitValueMinor * rng.between(0.85, 1.15)));

/** A batch number as a maker would print it: letters, date, sequence. */
export function lotCode(rng: Random, date: string): string {
  const letters = 'ABCDEFGHJKLMNPRSTWXYZ';
  return `${letters[rng.int(0, letters.length - 1)]}${letters[rng.int(0, letters.length - 1)]}${date.slice(2, 4)}${date.slice(5, 7)}${String(rng.int(1, 999)).padStart(3, '0')}`;
}

/** Expiry date for goods made recently: `share` of the shelf life is left. */
export const expiryAfter = (date: string, it: Item, share: number) =>
  it.shelfLifeDays === null ? undefined : addDays(date, Math.max(1, Math.round(it.shelfLifeDays * share)));

/**
 * The `toward` that keeps an outgoing event inside a lot's earmark. A shipment leaves out the
 * region (its destination's own region is more precise); a purchase names it, since it stays
 * at the buyer.
 */
export function towardOf(
  r: LotRestriction | Restriction | null | undefined,
  withRegion = false,
): Toward | undefined {
  if (!r) return undefined;
  const t: Toward = {};
  if (r.region && withRegion) t.region = r.region;
  if (r.disease) t.disease = r.disease;
  if (r.appeal) t.appeal = r.appeal;
  return Object.keys(t).length ? t : undefined;
}

/** The scenario a holding belongs to, from its restriction (routine when unrestricted). */
export const scenarioOfLot = (ctx: Ctx, r: LotRestriction | null) => scenarioOf(ctx.scenarios, r?.appeal);

/** `amount`, reduced so the event draws on at most `ctx.maxFanIn` lots. */
export function capFanIn(
  ctx: Ctx,
  holder: string,
  asset: string,
  amount: number,
  dest: Destination | null,
): number {
  const { picks } = selectLots(
    ctx.shadow.ledger.book.holding(holder, asset),
    amount,
    dest,
    ctx.catalog.isWithin,
  );
  if (picks.length <= ctx.maxFanIn) return amount;
  return picks.slice(0, ctx.maxFanIn).reduce((s, p) => s + p.amount, 0);
}

/** A money amount rounded down to whole yuan, or to 1,000 yuan above 100,000 yuan. */
export function roundMoney(fen: number): number {
  if (fen >= 10_000_000) return Math.floor(fen / 100_000) * 100_000;
  if (fen >= 10_000) return Math.floor(fen / 100) * 100;
  return Math.floor(fen);
}

/** A holder from one of the pools (see generate.ts), the pool chosen by weight; undefined if it holds nothing. */
export function pickHolder(ctx: Ctx, pools: ReadonlyArray<readonly [string, number]>): string | undefined {
  return ctx.shadow.randomStocked(ctx.rng.weighted(pools), ctx.rng);
}

/** One of the holder's assets: money with probability `moneyShare` when it has money, else one of its goods. */
export function pickAsset(ctx: Ctx, holder: string, moneyShare: number): string {
  const assets = ctx.shadow.assets(holder);
  const goods = assets.filter((a) => a !== CNY);
  if (goods.length === 0 || (goods.length < assets.length && ctx.rng.chance(moneyShare)))
    return assets.includes(CNY) ? CNY : ctx.rng.pick(assets);
  return ctx.rng.pick(goods);
}

/** Picks one of the groups a holder has of an asset, weighted by amount. */
export function pickGroup(ctx: Ctx, holder: string, asset: string) {
  const groups = ctx.shadow.heldGroups(holder, asset);
  if (groups.length === 0) return undefined;
  return ctx.rng.weighted(groups.map((g) => [g, g.amount] as const));
}

/** The scenario an activity is about today, weighted by how active each one is. */
export function scenarioToday(ctx: Ctx): Scenario {
  return ctx.rng.weighted(ctx.scenarios.map((s) => [s, s.share * s.intensity(ctx.g.day)] as const));
}

export const destinationOf = (ctx: Ctx, to: string, toward: Toward | undefined): Destination => ({
  region: toward?.region ?? ctx.world.org(to).region,
  disease: toward?.disease,
  appeal: toward?.appeal,
});
