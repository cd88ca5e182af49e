/**
 * Needs: what facilities report they lack, following the scenarios — a spike of urgent,
 * life-saving needs in the flooded counties and the epidemic provinces, winter needs for
 * vaccines and antivirals in townships and villages, a few high-value rare-disease needs at
 * the designated centres, and steady dialysis and insulin needs in poor counties — and the
 * suppliers one level up answering them. Answers come quickly for city hospitals and slowly
 * for county, township and village ones, while gifts keep going to the famous hospitals that
 * asked for little: the gaps, oversupply and slow response the portal exists to show.
 */
import type { Importance, Urgency } from '../../api/domain/needs.ts';
import type { Item } from '../../api/domain/catalog.ts';
import { assetName, capFanIn, goodsAsset, item, scenarioToday, type Ctx } from './kit.ts';
import { rareMedicine, type Scenario } from './scenarios.ts';
import { scheduleReceipt } from './logistics.ts';
import type { Facility, Tier, World } from './world.ts';

/** Roughly what one need of a facility at each level is worth (fen): a month of its supplies. */
const needValue: Partial<Record<Tier, number>> = {
  provincial: 15_000_000,
  city: 10_000_000,
  county: 4_000_000,
  township: 800_000,
  village: 200_000,
};
/** How readily a supplier answers a need at each level: county hospitals and below wait. */
const answerRate: Partial<Record<Tier, number>> = {
  provincial: 1,
  city: 0.8,
  county: 0.4,
  township: 0.3,
  village: 0.25,
};

type Profile = {
  urgency: ReadonlyArray<readonly [Urgency, number]>;
  importance: ReadonlyArray<readonly [Importance, number]>;
  tiers: ReadonlyArray<readonly [Tier, number]>;
};

const profiles: Record<string, Profile> = {
  'henan-flood-2025': {
    urgency: [
      ['immediate', 2],
      ['24h', 3],
      ['72h', 2],
      ['1w', 1],
    ],
    importance: [
      ['life', 3],
      ['function', 2],
    ],
    tiers: [
      ['provincial', 0.3],
      ['city', 1],
      ['county', 3],
      ['township', 3],
      ['village', 2],
    ],
  },
  'respiratory-wave-2025': {
    urgency: [
      ['24h', 2],
      ['72h', 3],
      ['1w', 2],
    ],
    importance: [
      ['life', 2],
      ['function', 2],
      ['quality', 0.5],
    ],
    tiers: [
      ['provincial', 0.5],
      ['city', 1.5],
      ['county', 3],
      ['township', 2],
      ['village', 1],
    ],
  },
  'winter-respiratory-2025': {
    urgency: [
      ['72h', 1],
      ['1w', 3],
      ['1m', 2],
    ],
    importance: [
      ['life', 1],
      ['function', 3],
      ['quality', 1],
    ],
    tiers: [
      ['city', 0.5],
      ['county', 2],
      ['township', 3],
      ['village', 3],
    ],
  },
  'rare-disease-2025': {
    urgency: [
      ['1w', 1],
      ['1m', 3],
    ],
    importance: [
      ['life', 3],
      ['function', 1],
    ],
    tiers: [['provincial', 1]],
  },
  'rural-chronic-2025': {
    urgency: [
      ['1w', 2],
      ['1m', 3],
    ],
    importance: [
      ['life', 2],
      ['function', 2],
    ],
    tiers: [
      ['county', 3],
      ['township', 1],
    ],
  },
  routine: {
    urgency: [
      ['1w', 2],
      ['1m', 3],
    ],
    importance: [
      ['function', 2],
      ['quality', 2],
      ['life', 0.5],
    ],
    tiers: [
      ['city', 1],
      ['county', 2],
      ['township', 2],
      ['village', 2],
    ],
  },
};

const targetGroups: Record<string, string> = {
  D66: '血友病患儿',
  G12: '脊髓性肌萎缩症患儿',
  P07: '早产儿',
  J10: '65岁以上老人',
  E10: '1型糖尿病儿童',
  N18: '维持性透析患者',
};

const pools = new WeakMap<World, Map<string, { all: Facility[]; hot: Facility[] }>>();

/** The facilities of one level where a scenario's needs arise: in its provinces, and those in its hot spots. */
function needPool(world: World, sc: Scenario, tier: Tier) {
  let byKey = pools.get(world);
  if (!byKey) pools.set(world, (byKey = new Map()));
  const key = `${sc.id}|${tier}`;
  let pool = byKey.get(key);
  if (!pool) {
    const all = world.facilities.filter(
      (f) =>
        f.tier === tier &&
        f.province !== null &&
        sc.provinces.includes(f.province) &&
        (sc.id !== 'rare-disease-2025' || f.rareCentre) &&
        (sc.id !== 'rural-chronic-2025' || f.poor),
    );
    byKey.set(
      key,
      (pool = { all, hot: all.filter((f) => f.prefecture !== null && sc.hotspots.includes(f.prefecture)) }),
    );
  }
  return pool;
}

/** Where a scenario's next need arises: a facility in its provinces, mostly in its hot spots when it has them. */
function needFacility(ctx: Ctx, sc: Scenario, profile: Profile): Facility | undefined {
  const { rng } = ctx;
  const { all, hot } = needPool(ctx.world, sc, rng.weighted(profile.tiers));
  const pool = hot.length && rng.chance(0.8) ? hot : all;
  return pool.length ? rng.pick(pool) : undefined;
}

function needQuantity(ctx: Ctx, f: Facility, it: Item): number {
  if (it.category === 'device')
    return ctx.rng.int(1, f.tier === 'county' || f.tier === 'city' || f.tier === 'provincial' ? 4 : 1);
  const value = (needValue[f.tier] ?? 1_000_000) * ctx.rng.between(0.4, 1.6);
  return Math.max(1, Math.round(value / Math.max(1, it.typicalUnitValueMinor)));
}

/** A facility reports a need: an item (or, one time in five, any item of a category). */
export function reportNeed(ctx: Ctx): number {
  const { rng, g } = ctx;
  const sc = scenarioToday(ctx);
  const profile = profiles[sc.id] ?? profiles.routine!;
  const f = needFacility(ctx, sc, profile);
  if (!f) return 0;
  const disease = sc.id === 'rare-disease-2025' ? rng.weighted(sc.diseases) : undefined;
  const candidates = disease
    ? [[rareMedicine[disease]!, 1] as const]
    : sc.items.filter(([id]) => f.tier !== 'village' || item(ctx, id).category !== 'device');
  if (candidates.length === 0) return 0;
  const it = item(ctx, rng.weighted(candidates));
  const treats =
    disease ?? it.diseases.find((d) => sc.diseases.some(([code]) => code === d)) ?? it.diseases[0];
  const byCategory = !disease && it.category !== 'device' && rng.chance(0.2);
  const quantity = needQuantity(ctx, f, it);
  const group = treats ? targetGroups[treats] : undefined;
  const out = g.emit(f.id, {
    type: 'need',
    facility: f.id,
    ...(byCategory ? { category: it.category } : { item: it.id }),
    quantity,
    ...(treats ? { disease: treats } : {}),
    ...(group ? { targetGroup: group } : {}),
    urgency: rng.weighted(profile.urgency),
    importance: rng.weighted(profile.importance),
    ...(sc.appeal ? { appeal: sc.id } : {}),
    beneficiaries: Math.max(1, Math.round(quantity / rng.between(1, 5))),
  });
  followUp(ctx, out.event.id, f.id, quantity);
  return 1;
}

/** Some needs grow more urgent or larger; some are closed unmet when they lapse or are met from elsewhere. */
function followUp(ctx: Ctx, need: string, facility: string, quantity: number): void {
  const { rng, g, shadow } = ctx;
  const stillOpen = () => g.room >= 1 && shadow.ledger.need(need)?.status === 'open';
  if (rng.chance(0.1)) {
    g.schedule(g.day + rng.int(2, 10), () => {
      if (!stillOpen()) return;
      g.emit(facility, {
        type: 'need_update',
        need,
        quantity: Math.round(quantity * rng.between(1.2, 2)),
        urgency: rng.pick(['immediate', '24h'] as const),
        note: '需求增加，情况更紧急',
      });
    });
  }
  if (rng.chance(0.3)) {
    g.schedule(g.day + rng.int(20, 90), () => {
      if (!stillOpen()) return;
      g.emit(facility, {
        type: 'need_close',
        need,
        reason: rng.weighted([
          ['expired', 3],
          ['met_elsewhere', 2],
          ['cancelled', 1],
        ] as const),
      });
    });
  }
}

/** Who may answer a facility's need: its supplier one level up, the provincial depot, the Red Cross. */
function suppliersOf(ctx: Ctx, f: Facility): string[] {
  const p = f.province ? ctx.world.province(f.province) : undefined;
  return [...new Set([f.parent, p?.depot, p?.redCross].filter((x): x is string => !!x && x !== f.id))];
}

/**
 * A supplier ships what it holds toward an open need, naming it. Of four open needs it looks
 * at, it takes the most pressing (priority 1 first); lower levels are answered less readily.
 */
export function answerNeed(ctx: Ctx): number {
  const { rng, shadow, world, g } = ctx;
  const seen = [0, 1, 2, 3]
    .map(() => shadow.openNeeds.pick(rng))
    .filter((x): x is string => !!x)
    .map((x) => shadow.ledger.need(x)!);
  const need = seen.sort((a, b) => a.priority - b.priority)[0];
  if (!need) return 0;
  const f = world.facility(need.facility)!;
  if (!rng.chance(answerRate[f.tier] ?? 0.3)) return 0;
  const lacking = need.quantity - need.allocations.reduce((s, a) => s + a.quantity, 0);
  const dest = { region: f.region };
  for (const from of rng.shuffle(suppliersOf(ctx, f))) {
    const held = shadow
      .assets(from)
      .filter((a) =>
        need.item
          ? a === goodsAsset(need.item)
          : a.startsWith('goods:') && item(ctx, assetName(a)).category === need.category,
      );
    for (const asset of held) {
      const fit = shadow.fitting(from, asset, dest);
      const quantity = capFanIn(ctx, from, asset, Math.min(fit, lacking), dest);
      if (quantity < 1) continue;
      const out = g.emit(from, {
        type: 'transfer',
        to: f.id,
        goods: { item: assetName(asset), quantity },
        needs: [need.id],
      });
      scheduleReceipt(ctx, out.event.id, f.id, false);
      return 1;
    }
  }
  return 0;
}
