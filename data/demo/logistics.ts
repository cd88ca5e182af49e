/**
 * Money and goods moving down the hierarchy: shipments sized to stay inside their earmarks,
 * receipts a few days later (a few short on arrival, a few very late, a few never), purchases
 * that turn pooled money into goods, returns to the supplier one level up, shipments
 * corrected or redirected before they arrive, and relays that carry one pool of gifts down a
 * fixed path of six hops or more.
 */
import type { Destination } from '../../api/domain/attribution.ts';
import type { Of, PlainEvent, Toward } from '../../api/domain/events.ts';
import type { LotRestriction } from '../../api/domain/lots.ts';
import { effectsOf } from '../../api/domain/movements.ts';
import {
  CNY,
  assetName,
  capFanIn,
  cny,
  destinationOf,
  expiryAfter,
  goodsAsset,
  isMoneyAsset,
  item,
  lotCode,
  pickGroup,
  roundMoney,
  pickAsset,
  pickHolder,
  scenarioOfLot,
  scenarioToday,
  towardOf,
  unitPrice,
  type Ctx,
  type Relay,
} from './kit.ts';
import { rareMedicine } from './scenarios.ts';
import { arriveCold, dispatchCold } from './cold-chain.ts';

/** How readily an organization passes on what it holds: famous hospitals and charity federations sit on goods. */
function passOnRate(ctx: Ctx, holder: string, money: boolean): number {
  const o = ctx.world.org(holder);
  const f = ctx.world.facility(holder);
  if (f?.famous) return money ? 0 : 0.08;
  switch (o.kind) {
    case 'foundation':
    case 'red_cross':
      return 1;
    case 'charity':
      return o.tier === 'provincial' ? (money ? 0.8 : 0.12) : 1;
    case 'reserve_operator':
      return money ? 0 : 1;
    case 'hospital':
      return money ? 0.15 : 0.6;
    case 'health_centre':
      return money ? 0 : 0.5;
    default:
      return 0;
  }
}

const minMoneyShipment = 100_000;
const shipperPools = [
  ['ship:national', 4],
  ['ship:provincial', 6],
  ['ship:famous', 0.5],
  ['ship:city', 2.5],
  ['ship:county', 3],
  ['ship:township', 3],
] as const;
const buyerPools = [
  ['buy:national', 2],
  ['buy:provincial', 4],
  ['buy:hospital', 1.5],
] as const;

interface Plan {
  from: string;
  to: string;
  asset: string;
  restriction: LotRestriction | null;
}

/** Chooses what to ship where: a holding, one of its earmarks, and a destination inside it. */
function planShipment(ctx: Ctx): Plan | undefined {
  const { rng, world, catalog } = ctx;
  const from = pickHolder(ctx, shipperPools);
  if (!from) return undefined;
  const asset = pickAsset(ctx, from, 0.5);
  const money = isMoneyAsset(asset);
  if (!rng.chance(passOnRate(ctx, from, money))) return undefined;
  const group = pickGroup(ctx, from, asset)!;
  const r = group.restriction;
  let routes = world.downstream(from, money ? 'money' : 'goods');
  if (r?.region) routes = routes.filter(([id]) => catalog.isWithin(world.org(id).region, r.region!));
  const sc = scenarioOfLot(ctx, r);
  if (r?.appeal) {
    const inScope = routes.filter(([id]) => sc.provinces.includes(world.org(id).province ?? ''));
    if (inScope.length) routes = inScope;
  }
  if (routes.length === 0) return undefined;
  return { from, to: rng.weighted(routes), asset, restriction: r };
}

/** Days a shipment takes to be acknowledged, longer the further down it goes. */
function transitDays(ctx: Ctx, to: string, money: boolean): number {
  const { rng } = ctx;
  if (money) return rng.int(0, 2);
  const tier = ctx.world.org(to).tier;
  const base =
    tier === 'provincial' || tier === 'national'
      ? rng.int(1, 2)
      : tier === 'city'
        ? rng.int(1, 3)
        : tier === 'county'
          ? rng.int(2, 5)
          : rng.int(2, 7);
  return rng.chance(0.03) ? base + rng.int(15, 40) : base;
}

const assetFields = (asset: string, amount: number) =>
  isMoneyAsset(asset) ? { money: cny(amount) } : { goods: { item: assetName(asset), quantity: amount } };

/**
 * Ships `share` of what `from` may send to `to` without breaking an earmark (all of it when
 * `share` is 1), and schedules the receipt. Returns the transfer's id, or undefined.
 */
export function shipTo(
  ctx: Ctx,
  from: string,
  to: string,
  asset: string,
  restriction: LotRestriction | null,
  share: number,
  note?: string,
): string | undefined {
  const money = isMoneyAsset(asset);
  const fit = ctx.shadow.fitting(from, asset, destinationOf(ctx, to, towardOf(restriction)));
  return send(
    ctx,
    from,
    to,
    asset,
    restriction,
    money ? roundMoney(fit * share) : Math.max(1, Math.floor(fit * share)),
    note,
  );
}

/** Ships `amount`, or as much of it as fits the earmark and the fan-in limit. */
function send(
  ctx: Ctx,
  from: string,
  to: string,
  asset: string,
  restriction: LotRestriction | null,
  amount: number,
  note?: string,
): string | undefined {
  const money = isMoneyAsset(asset);
  const toward = towardOf(restriction);
  const dest = destinationOf(ctx, to, toward);
  const fit = ctx.shadow.fitting(from, asset, dest);
  if (money && fit < minMoneyShipment) return undefined;
  const sized = capFanIn(ctx, from, asset, Math.min(amount, fit), dest);
  if (sized < 1) return undefined;
  const cold = !money && item(ctx, assetName(asset)).coldChain;
  const out = ctx.g.emit(from, {
    type: 'transfer',
    to,
    ...assetFields(asset, sized),
    ...(toward ? { toward } : {}),
    ...(note ? { note } : cold ? { note: '冷链运输（2–8 °C）', notePublic: true as const } : {}),
  });
  if (cold) dispatchCold(ctx, out.event.id, from, to);
  scheduleReceipt(ctx, out.event.id, to, money);
  return out.event.id;
}

export function ship(ctx: Ctx): number {
  const plan = planShipment(ctx);
  if (!plan) return 0;
  return shipTo(ctx, plan.from, plan.to, plan.asset, plan.restriction, ctx.rng.between(0.2, 0.7)) ? 1 : 0;
}

export function scheduleReceipt(ctx: Ctx, transfer: string, to: string, money: boolean): void {
  // One goods shipment in a hundred is never acknowledged: it stays in transit for all to see.
  if (!money && ctx.rng.chance(0.01)) return;
  ctx.g.schedule(ctx.g.day + transitDays(ctx, to, money), () => receive(ctx, transfer, to));
}

/** The receiving side acknowledges what arrived: now and then less than was shipped, or a mistyped count corrected. */
function receive(ctx: Ctx, transfer: string, to: string): void {
  const { rng, shadow, g } = ctx;
  if (g.room < 1 || !shadow.pending.has(transfer)) return;
  const shipped = shadow.ledger.event(transfer)!.body as Of<'transfer'> | Of<'return'>;
  const asset = shipped.money ? CNY : goodsAsset(shipped.goods!.item);
  const sent = shipped.money?.amount ?? shipped.goods!.quantity;
  let got = sent;
  if (shipped.goods && sent >= 2 && rng.chance(0.04)) {
    got = sent - Math.max(1, Math.round(sent * rng.between(0.01, 0.1)));
    g.stats.shortfalls += 1;
  }
  arriveCold(ctx, transfer, to);
  if (g.room < 1) return;
  const note = got < sent ? { note: '到货短少，差额已记为损失' } : {};
  if (shipped.goods && got >= 2 && g.room >= 2 && rng.chance(0.01)) {
    const wrong = g.emit(to, { type: 'receipt', transfer, ...assetFields(asset, got - 1) });
    g.emit(to, {
      type: 'correction',
      corrects: wrong.event.id,
      reason: '收货数量录入错误，按实际到货数量更正',
      replacement: {
        type: 'receipt',
        occurredAt: wrong.event.body.occurredAt,
        transfer,
        ...assetFields(asset, got),
        ...note,
      },
    });
  } else {
    g.emit(to, { type: 'receipt', transfer, ...assetFields(asset, got), ...note });
  }
  const relay = ctx.relays.get(transfer);
  if (relay) {
    ctx.relays.delete(transfer);
    g.schedule(g.day + 1, () => relayStep(ctx, { ...relay, hop: relay.hop + 1 }));
  }
}

function supplierFor(ctx: Ctx, holder: string): string {
  const province = ctx.world.org(holder).province;
  return province ? ctx.world.province(province).supplier : ctx.world.national.supplier;
}

/**
 * Buys up to `budget` fen of `itemId` with money toward `toward` (plain FIFO when none).
 * Skips a purchase whose money is so mixed that a sliver of one earmark would have to join
 * another's goods (the ledger flags that as a breach; the generator only breaches on purpose).
 */
export function buy(
  ctx: Ctx,
  holder: string,
  itemId: string,
  budget: number,
  toward: Toward | undefined,
): number {
  // A smaller purchase draws on fewer, older lots: often just one earmark.
  for (let tries = 0; tries < 4; tries++, budget = Math.floor(budget / 3))
    if (tryBuy(ctx, holder, itemId, budget, toward)) return 1;
  return 0;
}

function tryBuy(
  ctx: Ctx,
  holder: string,
  itemId: string,
  budget: number,
  toward: Toward | undefined,
): boolean {
  const { rng, shadow, g } = ctx;
  const it = item(ctx, itemId);
  const dest: Destination | null = toward
    ? { ...toward, region: toward.region ?? ctx.world.org(holder).region }
    : null;
  const price = unitPrice(rng, it);
  const capped = capFanIn(ctx, holder, CNY, budget, dest);
  const quantity = Math.min(Math.floor(capped / price), it.category === 'device' ? 10 : 50_000);
  if (quantity < 1) return false;
  const expiresOn = expiryAfter(g.date, it, rng.between(0.7, 0.98));
  const draft = {
    type: 'purchase' as const,
    supplier: supplierFor(ctx, holder),
    money: cny(quantity * price),
    goods: { item: it.id, quantity, lot: lotCode(rng, g.date), ...(expiresOn ? { expiresOn } : {}) },
    ...(toward ? { toward } : {}),
  };
  const book = shadow.ledger.book;
  const nextLot = book.nextLotId;
  let breach: boolean;
  try {
    breach = effectsOf(shadow.ledger, { ...draft, occurredAt: '' } as PlainEvent, {
      id: 'evt_0',
      seq: shadow.seq + 1,
      recordedBy: holder,
      donationKey: 'evt_0',
    }).breach;
  } finally {
    book.rewindIds(nextLot);
  }
  if (breach) return false;
  g.emit(holder, draft);
  return true;
}

export function purchase(ctx: Ctx): number {
  const { rng, shadow } = ctx;
  const holder = pickHolder(ctx, buyerPools);
  if (!holder || shadow.held(holder, CNY) === 0) return 0;
  const group = pickGroup(ctx, holder, CNY)!;
  const r = group.restriction;
  const sc = r ? scenarioOfLot(ctx, r) : scenarioToday(ctx);
  const itemId = r?.disease && rareMedicine[r.disease] ? rareMedicine[r.disease]! : rng.weighted(sc.items);
  const toward = towardOf(r, true);
  const dest = toward ? destinationOf(ctx, holder, toward) : null;
  const fit = dest ? shadow.fitting(holder, CNY, dest) : shadow.held(holder, CNY);
  return buy(ctx, holder, itemId, Math.floor(fit * rng.between(0.3, 0.8)), toward);
}

/** A clinic or hospital sends goods back one level up: wrong specification, no fridge, too much. */
export function returnGoods(ctx: Ctx): number {
  const { rng, shadow, world, g } = ctx;
  const holder = shadow.randomStocked('returners', rng);
  const parent = holder && world.facility(holder)?.parent;
  if (!holder || !parent) return 0;
  const goods = shadow.assets(holder).filter((a) => !isMoneyAsset(a));
  if (goods.length === 0) return 0;
  const asset = rng.pick(goods);
  const fit = shadow.fitting(holder, asset, destinationOf(ctx, parent, undefined));
  const quantity = Math.floor(fit * rng.between(0.1, 0.5));
  if (quantity < 1) return 0;
  const note = rng.pick([
    '规格不符，退回',
    '近效期，退回上级统筹调配',
    '本院无冷藏条件，退回',
    '超出本院需求，退回',
  ]);
  const out = g.emit(holder, {
    type: 'return',
    to: parent,
    goods: { item: assetName(asset), quantity },
    note,
  });
  scheduleReceipt(ctx, out.event.id, parent, false);
  return 1;
}

/** A shipment whose quantity is corrected down before it arrives; the receipt then matches the correction. */
export function correctedShipment(ctx: Ctx): number {
  const plan = planShipment(ctx);
  if (!plan || isMoneyAsset(plan.asset)) return 0;
  const id = shipTo(ctx, plan.from, plan.to, plan.asset, plan.restriction, ctx.rng.between(0.3, 0.7));
  if (!id) return 0;
  const sent = ctx.shadow.ledger.event(id)!.body as Of<'transfer'>;
  if (sent.goods!.quantity < 2) return 1;
  const replacement: Of<'transfer'> = {
    ...sent,
    goods: {
      ...sent.goods!,
      quantity: Math.max(1, Math.floor(sent.goods!.quantity * ctx.rng.between(0.5, 0.9))),
    },
  };
  ctx.g.emit(plan.from, {
    type: 'correction',
    corrects: id,
    reason: '实际发货数量少于登记数量，更正发货单',
    replacement,
  });
  return 2;
}

/** A shipment entered for the wrong facility: reversed, then sent where it was meant to go. */
export function misdirectedShipment(ctx: Ctx): number {
  const plan = planShipment(ctx);
  if (!plan) return 0;
  const others = ctx.world
    .downstream(plan.from, isMoneyAsset(plan.asset) ? 'money' : 'goods')
    .filter(
      ([id]) =>
        id !== plan.to &&
        (!plan.restriction?.region ||
          ctx.catalog.isWithin(ctx.world.org(id).region, plan.restriction.region)),
    );
  if (others.length === 0) return 0;
  const wrong = ctx.rng.weighted(others);
  const id = shipTo(ctx, plan.from, wrong, plan.asset, plan.restriction, ctx.rng.between(0.2, 0.5));
  if (!id) return 0;
  const sent = ctx.shadow.ledger.event(id)!.body as Of<'transfer'>;
  ctx.g.emit(plan.from, {
    type: 'correction',
    corrects: id,
    reverse: true,
    reason: '收货单位填写错误，撤销本次调拨',
  });
  return send(
    ctx,
    plan.from,
    plan.to,
    plan.asset,
    plan.restriction,
    sent.money?.amount ?? sent.goods!.quantity,
  )
    ? 3
    : 2;
}

/**
 * One hop of a relay: the holder passes on everything it may send to the next holder (after
 * buying goods with it, at the buying hop), and the last holder uses part of what arrived.
 */
export function relayStep(ctx: Ctx, relay: Relay): void {
  const { g, shadow } = ctx;
  if (g.room < 2) return;
  const holder = relay.path[relay.hop]!;
  const goods = goodsAsset(relay.item);
  if (relay.hop === relay.buyAt) buy(ctx, holder, relay.item, shadow.held(holder, CNY), undefined);
  const asset = relay.hop >= relay.buyAt && shadow.held(holder, goods) > 0 ? goods : CNY;
  if (relay.hop === relay.path.length - 1) {
    g.stats.relaysCompleted += 1;
    return;
  }
  const id = shipTo(ctx, holder, relay.path[relay.hop + 1]!, asset, null, 1);
  if (id) ctx.relays.set(id, relay);
}
