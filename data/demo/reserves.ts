/**
 * Emergency reserves in Hubei: the provincial reserve depot and two county reserves, with plans
 * filed with the provincial health commission; two years of monthly oseltamivir demand reported
 * by two county hospitals before the simulated year (and every month of it), with a winter
 * peak the forecast can find; rotations, one of which fails (a county lot expires in store);
 * and the winter emergency's dispatches: settled, approved by two reviewers, partly approved,
 * refused, waived and still waiting for review.
 */
import { dayOf } from './calendar.ts';
import type { Ctx } from './kit.ts';
import { cny } from './kit.ts';
import { demoName, syntheticMark } from './names.ts';
import { Random } from './random.ts';
import type { EventDraft } from './stream.ts';
import type { DemoOrg, World } from './world.ts';

/** Below this many events the dataset is too small to carry the reserve story. */
export const reserveStoryMinEvents = 3_000;

const flu = 'oseltamivir-capsules';
const n95 = 'n95-respirator';
const appeal = 'winter-respiratory-2025';

export interface ReserveCast {
  commission: string;
  depot: string;
  counties: Array<{ code: string; reserve: string; hospital: string }>;
  cityHospital: string;
}

/**
 * The organizations the story needs beyond the world: the provincial health commission (the
 * authority that reviews dispatches) and a reserve storage company in each of two counties.
 * Added after the world's activity pools are drawn, so the rest of the year is unchanged by them.
 */
export function addReserveOrgs(world: World): ReserveCast {
  const hubei = world.provinces.find((p) => p.slug === 'hubei')!;
  const countyHospitals = world.facilities
    .filter((f) => f.province === hubei.code && f.tier === 'county')
    .slice(0, 2);
  const add = (o: Omit<DemoOrg, 'anonymous'>) => {
    world.orgs.push({ ...o, name: demoName(o.name), anonymous: false });
    return o.id;
  };
  const commission = add({
    id: 'hubei-health-commission',
    name: '湖北省卫生健康委员会',
    kind: 'government',
    region: hubei.code,
    province: hubei.code,
    tier: 'provincial',
  });
  // The reserve's own storage company: the province's distribution depot also ships charity
  // goods, and reserve stock is kept apart from them.
  const depot = add({
    id: 'hubei-medical-reserve',
    name: '湖北省医药储备库',
    kind: 'reserve_operator',
    region: hubei.capital,
    province: hubei.code,
    tier: 'provincial',
  });
  return {
    commission,
    depot,
    cityHospital: world.facilities.find((f) => f.id === hubei.cities[0])!.id,
    counties: countyHospitals.map((h) => ({
      code: h.county!,
      hospital: h.id,
      reserve: add({
        id: `county-reserve-${h.county}`,
        name: h.name.replace(syntheticMark, '').replace('人民医院', '医药储备库'),
        kind: 'reserve_operator',
        region: h.county!,
        province: hubei.code,
        tier: 'county',
      }),
    })),
  };
}

/** Monthly flu demand of a county hospital: a winter peak in January, ±10% noise. */
const fluDemand = (month: number, base: number, rng: Random) =>
  Math.max(
    1,
    Math.round(base * (1 + 0.7 * Math.cos((2 * Math.PI * (month - 1)) / 12)) * rng.between(0.9, 1.1)),
  );

const stamp = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;

/** Everything before the simulated year, emitted before its first event and in date order. */
export function reserveHistory(ctx: Ctx, cast: ReserveCast): void {
  const { g } = ctx;
  const rng = new Random(`${ctx.world.timeline.start}:reserve-history`);
  const plan = (
    by: string,
    region: string,
    item: string,
    p: Partial<Extract<EventDraft, { type: 'reserve_plan' }>>,
  ) =>
    g.emitAt(
      by,
      {
        type: 'reserve_plan',
        region,
        item,
        basis: '30d_peak',
        validFrom: '2023-04-01',
        authority: cast.commission,
        target: 0,
        min: 0,
        approvalThreshold: 0,
        rotationDays: 90,
        ...p,
      } as EventDraft,
      stamp('2023-03-20', 9),
    );
  plan(cast.depot, '420000', flu, {
    target: 6_000,
    min: 2_500,
    approvalThreshold: 500,
    rotationDays: 180,
    price: cny(4_500),
  });
  plan(cast.depot, '420000', n95, {
    target: 60_000,
    min: 20_000,
    approvalThreshold: 5_000,
    rotationDays: 120,
    price: cny(300),
  });
  for (const c of cast.counties)
    plan(c.reserve, c.code, flu, {
      target: 600,
      min: 250,
      approvalThreshold: 100,
      rotationDays: 90,
      price: cny(4_500),
    });
  for (let m = 0; m < 24; m++) {
    const month = addMonthsTo('2023-04', m);
    const needs = cast.counties.map((c, i) =>
      g.emitAt(
        c.hospital,
        demandNeed(c.hospital, fluDemand(Number(month.slice(5)), 150 + 50 * i, rng)),
        stamp(`${month}-03`, 10),
      ),
    );
    needs.forEach((n, i) =>
      g.emitAt(cast.counties[i]!.hospital, closeAsMetElsewhere(n.event.id), stamp(`${month}-28`, 17)),
    );
  }
}

function addMonthsTo(month: string, n: number): string {
  const k = Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/**
 * A county hospital's demand for the month as its health statistics publish it: a need, closed
 * at the month's end as met outside the ledger (ordinary procurement), so it counts as demand
 * the recorded deliveries did not meet.
 */
const demandNeed = (hospital: string, quantity: number) => ({
  type: 'need' as const,
  facility: hospital,
  item: flu,
  quantity,
  disease: 'J11',
  urgency: '1m' as const,
  importance: 'function' as const,
});
const closeAsMetElsewhere = (need: string) => ({
  type: 'need_close' as const,
  need,
  reason: 'met_elsewhere' as const,
});

function monthlyDemand(ctx: Ctx, hospital: string, month: string, quantity: number): void {
  const out = ctx.g.emit(hospital, demandNeed(hospital, quantity));
  ctx.g.schedule(dayOf(ctx.world.timeline, `${month}-28`), () => {
    // A need met by the year's deliveries is left as met.
    if (ctx.g.room > 0 && ctx.shadow.ledger.need(out.event.id)?.status === 'open')
      ctx.g.emit(hospital, closeAsMetElsewhere(out.event.id));
  });
}

/** The simulated year: stock, rotations, the monthly statistics and the winter emergency's dispatches. */
export function scheduleReserves(ctx: Ctx, cast: ReserveCast): void {
  const { g, world } = ctx;
  const t = world.timeline;
  const rng = new Random(`${t.start}:reserve-year`);
  const on = (date: string, task: () => void) => g.schedule(dayOf(t, date), () => g.room >= 12 && task());
  const emit = (by: string, draft: EventDraft) => g.emit(by, draft);
  const give = (to: string, item: string, quantity: number, lot: string, expiresOn: string) =>
    emit(to, {
      type: 'donation',
      donor: world.national.reserve,
      recipient: to,
      goods: { item, quantity, lot, expiresOn },
    });
  const ship = (
    from: string,
    to: string,
    item: string,
    quantity: number,
    extra: { lot?: string; request?: string } = {},
  ) =>
    emit(from, {
      type: 'transfer',
      to,
      goods: { item, quantity, ...(extra.lot ? { lot: extra.lot } : {}) },
      ...(extra.request ? { request: extra.request } : {}),
    }).event.id;
  const sign = (by: string, transfer: string, item: string, quantity: number) =>
    emit(by, { type: 'receipt', transfer, goods: { item, quantity } });
  const [a, b] = cast.counties as [ReserveCast['counties'][0], ReserveCast['counties'][0]];

  // Stock: government allocations to the provincial reserve, which supplies the county reserves.
  on('2025-04-02', () => {
    give(cast.depot, flu, 4_000, 'HB-FLU-2301', '2026-06-30');
    give(cast.depot, flu, 3_000, 'HB-FLU-2402', '2027-12-31');
    give(cast.depot, n95, 50_000, 'HB-N95-2403', '2027-06-30');
    give(cast.depot, flu, 500, 'HB-FLU-2204', '2025-10-31');
    give(cast.depot, flu, 300, 'HB-FLU-2205', '2025-09-30');
    give(cast.depot, flu, 500, 'HB-FLU-2306', '2026-04-30');
  });
  const pending: Record<string, string> = {};
  on('2025-04-08', () => {
    pending.a = ship(cast.depot, a.reserve, flu, 500, { lot: 'HB-FLU-2204' });
    pending.b1 = ship(cast.depot, b.reserve, flu, 300, { lot: 'HB-FLU-2205' });
    pending.b2 = ship(cast.depot, b.reserve, flu, 500, { lot: 'HB-FLU-2306' });
  });
  on('2025-04-10', () => {
    sign(a.reserve, pending.a!, flu, 500);
    sign(b.reserve, pending.b1!, flu, 300);
    sign(b.reserve, pending.b2!, flu, 500);
  });
  // A rotation in time: county B sends its lot expiring in September to its hospital in August.
  on('2025-08-01', () => {
    pending.rot = ship(b.reserve, b.hospital, flu, 300, { lot: 'HB-FLU-2205' });
  });
  on('2025-08-04', () => sign(b.hospital, pending.rot!, flu, 300));
  // A rotation that failed: county A's lot expires in store; it is written off (unless the
  // year's expiry sweep already wrote it off).
  on('2025-11-06', () => {
    const left = ctx.shadow.ledger.book
      .heldLots(a.reserve, `goods:${flu}`)
      .filter((l) => l.lotCode === 'HB-FLU-2204')
      .reduce((sum, l) => sum + l.amount, 0);
    if (left > 0)
      emit(a.reserve, {
        type: 'write_off',
        goods: { item: flu, quantity: left, lot: 'HB-FLU-2204' },
        reason: 'expired',
      });
  });
  // Every month of the year, the county hospitals' demand statistics continue.
  for (let m = 0; m < 12; m++) {
    const month = addMonthsTo(t.start.slice(0, 7), m);
    on(`${month}-03`, () => {
      for (const [i, c] of cast.counties.entries())
        monthlyDemand(ctx, c.hospital, month, fluDemand(Number(month.slice(5)), 150 + 50 * i, rng));
    });
  }

  // The winter emergency.
  const request = (facility: string, reserve: string, item: string, quantity: number, reason: string) =>
    emit(facility, {
      type: 'dispatch_request',
      reserve,
      facility,
      item,
      quantity,
      urgency: '24h',
      reason,
      appeal,
    }).event.id;
  const review = (
    req: string,
    reviewer: string,
    decision: 'approved' | 'partly' | 'refused',
    reason: string,
    quantity?: number,
  ) =>
    emit(cast.commission, {
      type: 'dispatch_review',
      request: req,
      reviewer,
      decision,
      reason,
      ...(quantity === undefined ? {} : { quantity }),
    });
  const settle = (by: string, dispatch: string, amount: number) =>
    emit(by, { type: 'settlement', dispatch, money: cny(amount) });
  const r: Record<string, string> = {};
  on('2025-12-05', () => {
    r.r1 = request(a.hospital, cast.depot, flu, 400, '流感高峰，发热门诊用药不足');
  });
  on('2025-12-06', () => {
    review(r.r1!, 'handler-01', 'approved', '在储备计划范围内');
    r.d1 = ship(cast.depot, a.hospital, flu, 400, { request: r.r1 });
  });
  on('2025-12-08', () => sign(a.hospital, r.d1!, flu, 400));
  on('2025-12-20', () => settle(a.hospital, r.d1!, 400 * 4_500));
  on('2025-12-10', () => {
    r.r2 = request(cast.cityHospital, cast.depot, flu, 1_500, '儿科流感患者激增');
  });
  on('2025-12-11', () => review(r.r2!, 'handler-01', 'approved', '经办人审核：数量合理'));
  on('2025-12-12', () => {
    review(r.r2!, 'reviewer-02', 'approved', '复核通过');
    r.d2 = ship(cast.depot, cast.cityHospital, flu, 1_500, { request: r.r2 });
  });
  on('2025-12-14', () => sign(cast.cityHospital, r.d2!, flu, 1_490));
  on('2026-01-10', () => settle(cast.cityHospital, r.d2!, 1_490 * 4_500));
  on('2025-12-15', () => {
    r.r3 = request(b.hospital, cast.depot, flu, 3_000, '全县储备用药');
  });
  on('2025-12-16', () =>
    review(r.r3!, 'handler-01', 'refused', '超出实际需要且将使省级储备低于下限，请先由县级储备调拨'),
  );
  on('2025-12-17', () => {
    r.r4 = request(b.hospital, b.reserve, flu, 200, '县级储备调拨');
  });
  on('2025-12-18', () => {
    review(r.r4!, 'handler-03', 'approved', '县级储备可供');
    // Above the county plan's threshold of 100: a second reviewer confirms.
    review(r.r4!, 'reviewer-04', 'approved', '复核通过');
    r.d4 = ship(b.reserve, b.hospital, flu, 200, { request: r.r4, lot: 'HB-FLU-2306' });
  });
  on('2025-12-19', () => {
    sign(b.hospital, r.d4!, flu, 200);
  });
  on('2026-01-05', () =>
    emit(b.reserve, { type: 'settlement', dispatch: r.d4!, waived: true, reason: '应急救援，费用按级分担' }),
  );
  on('2026-01-05', () => {
    r.r6 = request(cast.cityHospital, cast.depot, n95, 10_000, '呼吸道门诊防护用品');
  });
  on('2026-01-06', () => review(r.r6!, 'handler-01', 'partly', '按实际在岗人数核定', 6_000));
  on('2026-01-07', () => {
    review(r.r6!, 'reviewer-02', 'partly', '复核同意核定数量', 6_000);
    r.d6 = ship(cast.depot, cast.cityHospital, n95, 6_000, { request: r.r6 });
  });
  on('2026-01-09', () => sign(cast.cityHospital, r.d6!, n95, 6_000));
  // Replenishment after the peak.
  on('2026-01-20', () => give(cast.depot, flu, 2_000, 'HB-FLU-2601', '2028-12-31'));
  on('2026-03-20', () => {
    r.r5 = request(a.hospital, cast.depot, flu, 300, '春季流感散发');
  });
}
