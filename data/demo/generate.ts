/**
 * The demo dataset: a deterministic, clearly synthetic year of medical charity, as a stream
 * of write batches for the real write path. `planDemo(catalog, { events, seed })` builds the
 * world and the scenarios at once (they are plain data, see world.ts and scenarios.ts);
 * `batches()` then generates exactly `events` events, day by day, each batch ready for
 * `LedgerWriter.recordBatch` with the seqs the ledger will give it when it starts empty.
 *
 * How a day is filled: the year's event budget is spread over the days in proportion to
 * routine activity plus the surges of the active scenarios; each day first opens the appeals
 * that start on it and looks for goods expiring, then interleaves the tasks due (receipts,
 * write-offs, relays, kept pledges) with activities drawn from a weighted menu until the
 * day's share is reached. The same seed gives the same events, byte for byte.
 */
import type { Catalog } from '../../api/domain/catalog.ts';
import type { Organization } from '../../api/domain/ledger-state.ts';
import { dayOf, timeline } from './calendar.ts';
import { breach, correctedUse, damage, expirySweep, use } from './care.ts';
import { duplicateGift, giftGoods, giftMoney, mistypedGift, nearExpiryGift, pledge } from './gifts.ts';
import type { Ctx, Relay } from './kit.ts';
import { answerNeed, reportNeed } from './needs.ts';
import {
  correctedShipment,
  misdirectedShipment,
  purchase,
  relayStep,
  returnGoods,
  ship,
} from './logistics.ts';
import { openingBalances } from './opening.ts';
import { Random } from './random.ts';
import { scheduleColdChainStory } from './cold-chain.ts';
import { buildScenarios, volume, type Scenario } from './scenarios.ts';
import { Shadow } from './shadow.ts';
import {
  addReserveOrgs,
  reserveHistory,
  reserveStoryMinEvents,
  scheduleReserves,
  type ReserveCast,
} from './reserves.ts';
import { Stream, type DemoBatch, type DemoStats } from './stream.ts';
import { scheduleComplaints } from './complaints.ts';
import { buildWorld, worldSize, type World } from './world.ts';

export type { DemoBatch, DemoStats } from './stream.ts';

export const defaultSeed = 'aidtrail-demo';
export const generatorName = 'aidtrail demo generator 1 (data/demo)';

export interface DemoOptions {
  events: number;
  seed?: string;
  /** Largest write batch; a batch also ends at the end of a day once it has `minBatch` events. */
  maxBatch?: number;
  minBatch?: number;
  /** Most lots one event may draw on (see kit.ts). */
  maxFanIn?: number;
}

export interface Demo {
  seed: string;
  events: number;
  world: World;
  scenarios: Scenario[];
  /** Generates the events; may be iterated once. */
  batches(): Generator<DemoBatch>;
  /** Counts of what was generated so far. */
  readonly stats: DemoStats;
  /** The generator's own copy of the ledger as generated so far: read it, never write to it. */
  readonly shadow: Shadow;
}

type Activity = (ctx: Ctx) => number;

/** What an ordinary moment brings, by weight: most events are small gifts, uses and shipments. */
const menu: ReadonlyArray<readonly [Activity, number]> = [
  [giftMoney, 34],
  [giftGoods, 5],
  [pledge, 0.6],
  [ship, 17],
  [purchase, 3.5],
  [use, 25],
  [damage, 0.4],
  [returnGoods, 0.3],
  [reportNeed, 2.5],
  [answerNeed, 7],
  [duplicateGift, 0.1],
  [mistypedGift, 0.1],
  [correctedShipment, 0.1],
  [misdirectedShipment, 0.08],
  [correctedUse, 0.1],
  [breach, 0.04],
];

/**
 * The pools an organization is drawn from when an activity needs a holder: by what it does
 * and at which level, so that the few national bodies are picked as often as their inflow
 * needs rather than as rarely as their number suggests.
 */
function poolsOf(world: World): Map<string, string[]> {
  const pools = new Map<string, string[]>();
  for (const o of world.orgs) {
    const f = world.facility(o.id);
    const level = f?.famous ? 'famous' : o.tier;
    const list: string[] = [];
    if (world.downstream(o.id, 'money').length || world.downstream(o.id, 'goods').length)
      list.push(`ship:${level}`);
    if (['foundation', 'charity', 'red_cross', 'reserve_operator'].includes(o.kind))
      list.push(`buy:${o.tier}`);
    if (f && (f.tier === 'provincial' || f.tier === 'city' || f.tier === 'county')) list.push('buy:hospital');
    if (f) list.push(`use:${level}`);
    if (f && (f.tier === 'county' || f.tier === 'township' || f.tier === 'village')) list.push('returners');
    if (o.tier !== 'donor') list.push('holders');
    pools.set(o.id, list);
  }
  return pools;
}

export function planDemo(catalog: Catalog, opts: DemoOptions): Demo {
  if (!Number.isInteger(opts.events) || opts.events < 1)
    throw new Error('the demo needs a positive whole number of events');
  const seed = opts.seed ?? defaultSeed;
  const root = new Random(seed);
  const t = timeline();
  const world = buildWorld(catalog, root.fork('world'), worldSize(opts.events), t);
  const scenarios = buildScenarios(world, t);
  const pools = poolsOf(world);
  const reserveCast = opts.events >= reserveStoryMinEvents ? addReserveOrgs(world) : null;
  const shadow = new Shadow(catalog, world.orgs as Organization[], (id) => pools.get(id) ?? []);
  const rng = root.fork('events');
  const g = new Stream(world, shadow, rng, opts.events);
  const ctx: Ctx = {
    g,
    world,
    scenarios,
    catalog,
    rng,
    shadow,
    relays: new Map(),
    coldShipments: new Map(),
    maxFanIn: opts.maxFanIn ?? 120,
  };
  return {
    seed,
    events: opts.events,
    world,
    scenarios,
    stats: g.stats,
    shadow,
    batches: () => run(ctx, opts, reserveCast),
  };
}

function* run(ctx: Ctx, opts: DemoOptions, reserveCast: ReserveCast | null): Generator<DemoBatch> {
  const { g, rng, world, scenarios } = ctx;
  const t = world.timeline;
  const maxBatch = opts.maxBatch ?? 5_000;
  const minBatch = opts.minBatch ?? 1_000;
  const cumulative = [0];
  for (let day = 0; day < t.days; day++) cumulative.push(cumulative[day]! + volume(scenarios, day));
  scheduleStories(ctx);
  if (reserveCast) {
    reserveHistory(ctx, reserveCast);
    scheduleReserves(ctx, reserveCast);
  }
  scheduleComplaints(ctx);

  for (let day = 0; day < t.days && g.room > 0; day++) {
    const target = Math.round((opts.events * cumulative[day + 1]!) / cumulative[t.days]!);
    const tasks = g.due(day);
    g.startDay(day, target - g.emitted + tasks.length);
    for (const sc of scenarios) {
      if (sc.appeal?.day !== day || g.room < 1) continue;
      const { openedBy, region, disease } = sc.appeal;
      g.emit(openedBy, {
        type: 'appeal',
        appeal: sc.id,
        titleZh: sc.titleZh,
        titleEn: sc.titleEn,
        ...(region ? { region } : {}),
        ...(disease ? { disease } : {}),
      });
    }
    if (day === 0) openingBalances(ctx);
    expirySweep(ctx);
    let next = 0;
    while (g.room > 0) {
      const left = target - g.emitted;
      const waiting = tasks.length - next;
      if (waiting === 0 && left <= 0) break;
      if (waiting > 0 && (left <= 0 || rng.next() * (waiting + left) < waiting)) tasks[next++]!();
      else activity(ctx);
      if (g.batchSize >= maxBatch) yield g.takeBatch();
    }
    if (g.takeEndOfDay() || g.batchSize >= minBatch) yield g.takeBatch();
  }
  if (g.batchSize > 0) yield g.takeBatch();
}

function activity(ctx: Ctx): void {
  if (ctx.g.room >= 3) {
    for (let attempt = 0; attempt < 25; attempt++) if (ctx.rng.weighted(menu)(ctx) > 0) return;
  }
  giftMoney(ctx);
}

/**
 * The stories told on purpose, at fixed moments: two relays carrying pooled gifts six hops
 * down to a village clinic (one for the flood, one for the winter season), breaches the
 * portal must flag, stock close to expiry left at charities at the end of the year, and a
 * cold-chain shipment whose logger shows an excursion (cold-chain.ts).
 */
function scheduleStories(ctx: Ctx): void {
  const { g, world } = ctx;
  const t = world.timeline;
  const chainBelow = (cityId: string) => {
    const below = (id: string) => world.facilities.find((f) => f.parent === id)!.id;
    const county = below(cityId);
    const township = below(county);
    return [cityId, county, township, below(township)];
  };
  const province = (slug: string) => world.provinces.find((p) => p.slug === slug)!;
  const relay = (slug: string, date: string, itemId: string) => {
    const p = province(slug);
    const r: Relay = {
      path: [world.national.foundation, p.redCross, p.depot, ...chainBelow(p.cities[0]!)],
      buyAt: 2,
      item: itemId,
      hop: 0,
    };
    g.schedule(dayOf(t, date), () => relayStep(ctx, r));
  };
  relay('henan', '2025-07-23', 'oral-rehydration-salts');
  relay('hunan', '2025-12-08', 'oseltamivir-capsules');

  const attemptBreach = (day: number, tries: number): void =>
    g.schedule(day, () => {
      if (g.room >= 1 && breach(ctx) === 0 && tries > 1) attemptBreach(day + 3, tries - 1);
    });
  for (const date of ['2025-08-20', '2025-10-25', '2025-12-20', '2026-02-15'])
    attemptBreach(dayOf(t, date), 15);
  for (let i = 0; i < 6; i++) g.schedule(t.days - 60 + i * 7, () => void nearExpiryGift(ctx));
  scheduleColdChainStory(ctx);
}
