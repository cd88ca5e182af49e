/**
 * Gifts: money from anonymous and named donors and companies, goods from drug and device
 * makers (with batch numbers and expiry dates, some close to expiry), releases from the
 * government reserve, pledges that are only sometimes kept, and the two usual slips at the
 * desk that records them: a gift entered twice, and an amount mistyped by a factor of ten.
 */
import type { Restriction } from '../../api/domain/events.ts';
import { addDays } from './calendar.ts';
import { cny, expiryAfter, item, lotCode, roundMoney, scenarioToday, unitPrice, type Ctx } from './kit.ts';
import { rareMedicine, type Scenario } from './scenarios.ts';

const roundGifts = [
  [1_000, 2],
  [2_000, 2],
  [5_000, 3],
  [10_000, 4],
  [20_000, 3],
  [50_000, 2],
  [100_000, 2],
  [200_000, 1],
  [500_000, 0.5],
  [1_000_000, 0.3],
] as const;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const isRare = (sc: Scenario) => sc.id === 'rare-disease-2025';

type Donor = { donor: string } | { anonymous: true; donorKind: 'individual' };

/** Who gives a money gift for `sc`, and how much (fen). */
function moneyDonor(ctx: Ctx, sc: Scenario): { who: Donor; amount: number } {
  const { rng, world } = ctx;
  const kind = rng.weighted(
    isRare(sc)
      ? ([
          ['anon', 0.1],
          ['person', 0.4],
          ['company', 0.5],
        ] as const)
      : ([
          ['anon', 0.86],
          ['person', 0.08],
          ['company', 0.06],
        ] as const),
  );
  if (kind === 'anon') {
    const amount = rng.chance(0.6)
      ? rng.weighted(roundGifts)
      : clamp(rng.logNormal(10_000, 4), 1_000, 5_000_000);
    return { who: { anonymous: true, donorKind: 'individual' }, amount };
  }
  if (kind === 'person')
    return {
      who: { donor: rng.pick(world.donors.people) },
      amount: clamp(rng.logNormal(sc.giftMedian.person, 3), 10_000, 500_000_000),
    };
  return {
    who: { donor: rng.pick(world.donors.companies) },
    amount: clamp(rng.logNormal(sc.giftMedian.company, 3), 1_000_000, 3_000_000_000),
  };
}

const withRestriction = (r: Restriction | undefined) => (r ? { restriction: r } : {});

/**
 * Companies confirm the gifts recorded in their name a few days later, so they read as named
 * with the donor's consent; people named by a recipient mostly never do ("named by the
 * recipient, unconfirmed").
 */
function confirmLater(ctx: Ctx, donor: string, donation: string): void {
  const { g, shadow } = ctx;
  if (!ctx.world.donors.companies.includes(donor)) return;
  shadow.awaitingConsent.add(donation);
  g.schedule(g.day + 3, () => {
    shadow.awaitingConsent.delete(donation);
    const gift = shadow.ledger.donation(donation);
    // A gift entered twice may have been reversed meanwhile: there is nothing to confirm.
    if (g.room < 1 || !gift || gift.status === 'reversed' || gift.donor !== donor) return;
    g.emit(donor, { type: 'donation_confirm', donation });
  });
}

export function giftMoney(ctx: Ctx, sc: Scenario = scenarioToday(ctx)): number {
  const recipient = ctx.rng.weighted(sc.fundraisers);
  const { who, amount } = moneyDonor(ctx, sc);
  const gift = ctx.g.emit(recipient, {
    type: 'donation',
    ...who,
    recipient,
    money: cny(roundMoney(amount)),
    ...withRestriction(sc.restriction(ctx.rng)),
  });
  if ('donor' in who) confirmLater(ctx, who.donor, gift.event.id);
  return 1;
}

/** A company promises a large gift to an appeal; fewer than half of the promises are kept. */
export function pledge(ctx: Ctx, sc: Scenario = scenarioToday(ctx)): number {
  const { rng, g } = ctx;
  if (!sc.appeal || sc.surge === 0) return 0;
  const recipient = rng.weighted(sc.fundraisers);
  const donor = rng.pick(ctx.world.donors.companies);
  const amount = roundMoney(clamp(rng.logNormal(sc.giftMedian.company * 3, 2.5), 10_000_000, 5_000_000_000));
  const restriction = sc.restriction(rng);
  const dueOn = addDays(g.date, rng.int(30, 90));
  const promised = g.emit(recipient, {
    type: 'pledge',
    donor,
    recipient,
    money: cny(amount),
    dueOn,
    ...withRestriction(restriction),
  });
  confirmLater(ctx, donor, promised.event.id);
  if (rng.chance(0.45)) {
    const paid = rng.chance(0.3) ? roundMoney(amount / 2) : amount;
    g.schedule(g.day + rng.int(5, 60), () => {
      if (g.room < 1) return;
      g.emit(recipient, {
        type: 'donation',
        donor,
        recipient,
        money: cny(paid),
        note: '认捐款到账',
        ...withRestriction(restriction),
      });
    });
  }
  return 1;
}

/** Where a goods gift for `sc` goes: a famous hospital (within the earmark), or a fundraiser. */
function goodsRecipient(ctx: Ctx, sc: Scenario, restriction: Restriction | undefined): string {
  const { rng, world, catalog } = ctx;
  const famous = world.provinces
    .filter((p) => sc.provinces.includes(p.code))
    .flatMap((p) => (isRare(sc) ? [p.famous[0]!] : p.famous))
    .filter((id) => !restriction?.region || catalog.isWithin(world.org(id).region, restriction.region));
  if (famous.length && rng.chance(sc.famousShare)) return rng.pick(famous);
  // Charity federations take goods readily and pass them on slowly: idle stock.
  if (!isRare(sc) && rng.chance(0.12)) {
    const federations = world.provinces.filter((p) => sc.provinces.includes(p.code)).map((p) => p.charity);
    if (federations.length) return rng.pick(federations);
  }
  return rng.weighted(sc.fundraisers);
}

export function giftGoods(ctx: Ctx, sc: Scenario = scenarioToday(ctx)): number {
  const { rng, world, g } = ctx;
  const restriction = sc.restriction(rng);
  const it = item(ctx, isRare(sc) ? rareMedicine[restriction!.disease!]! : rng.weighted(sc.items));
  const emergency = sc.surge > 0 && sc.appeal !== null;
  let donor: string;
  let recipient: string;
  if (emergency && it.category !== 'medicine' && it.category !== 'vaccine' && rng.chance(0.2)) {
    // The government reserve releases stock to a provincial depot, which records the gift.
    donor = world.national.reserve;
    const depots = world.provinces.filter(
      (p) => sc.provinces.includes(p.code) && (!restriction?.region || p.code === restriction.region),
    );
    recipient = rng.pick(
      depots.length ? depots : world.provinces.filter((p) => sc.provinces.includes(p.code)),
    ).depot;
  } else {
    donor = rng.chance(0.8) ? rng.pick(world.donors.pharma) : rng.pick(world.donors.companies);
    recipient = goodsRecipient(ctx, sc, restriction);
  }
  const value = rng.logNormal(sc.giftMedian.company / 2, 3);
  const quantity = clamp(Math.round(value / unitPrice(rng, it)), 1, it.category === 'device' ? 20 : 20_000);
  // One gift in ten is stock close to its expiry date: cheaper to give than to destroy.
  const expiresOn =
    it.shelfLifeDays === null
      ? undefined
      : rng.chance(0.1)
        ? addDays(g.date, rng.int(20, 150))
        : expiryAfter(g.date, it, rng.between(0.35, 0.95));
  g.emit(recipient, {
    type: 'donation',
    donor,
    recipient,
    goods: { item: it.id, quantity, lot: lotCode(rng, g.date), ...(expiresOn ? { expiresOn } : {}) },
    ...withRestriction(restriction),
    ...(it.coldChain ? { note: '冷链运输（2–8 °C）', notePublic: true as const } : {}),
  });
  return 1;
}

/** Near the end of the year a maker clears stock that expires soon after: it sits at charities. */
export function nearExpiryGift(ctx: Ctx): number {
  const { rng, world, g } = ctx;
  if (g.room < 1) return 0;
  const it = item(
    ctx,
    rng.pick([
      'amoxicillin-capsules',
      'oral-rehydration-salts',
      'paracetamol-tablets',
      'glucose-test-strips',
      'covid-antigen-test',
    ]),
  );
  const recipient = rng.chance(0.7)
    ? rng.pick(world.provinces).charity
    : rng.pick(world.provinces).famous[1]!;
  const expiresOn = addDays(world.timeline.end, rng.int(10, 80));
  g.emit(recipient, {
    type: 'donation',
    donor: rng.pick(world.donors.pharma),
    recipient,
    goods: { item: it.id, quantity: rng.int(200, 3_000), lot: lotCode(rng, g.date), expiresOn },
    note: '临期药品捐赠',
  });
  return 1;
}

/** A gift entered twice by mistake; the duplicate is reversed. */
export function duplicateGift(ctx: Ctx): number {
  const { rng, g } = ctx;
  const sc = scenarioToday(ctx);
  const recipient = rng.weighted(sc.fundraisers);
  const { who, amount } = moneyDonor(ctx, sc);
  const draft = {
    type: 'donation' as const,
    ...who,
    recipient,
    money: cny(roundMoney(amount)),
    ...withRestriction(sc.restriction(rng)),
  };
  g.emit(recipient, draft);
  const dup = g.emit(recipient, draft);
  g.emit(recipient, {
    type: 'correction',
    corrects: dup.event.id,
    reverse: true,
    reason: '同一笔捐赠重复录入，撤销重复记录',
  });
  return 3;
}

/** A gift recorded with one zero too many, corrected to the amount that arrived. */
export function mistypedGift(ctx: Ctx): number {
  const { rng, g } = ctx;
  const sc = scenarioToday(ctx);
  const recipient = rng.weighted(sc.fundraisers);
  const { who, amount } = moneyDonor(ctx, sc);
  const restriction = withRestriction(sc.restriction(rng));
  const right = roundMoney(amount);
  const wrong = g.emit(recipient, {
    type: 'donation',
    ...who,
    recipient,
    money: cny(right * 10),
    ...restriction,
  });
  g.emit(recipient, {
    type: 'correction',
    corrects: wrong.event.id,
    reason: '金额多录一位，更正为实际到账金额',
    replacement: {
      type: 'donation',
      occurredAt: wrong.event.body.occurredAt,
      ...who,
      recipient,
      money: cny(right),
      ...restriction,
    },
  });
  return 2;
}
