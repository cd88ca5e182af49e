/**
 * The cold chain of the demo: goods that must stay cold go through the province's reserve
 * depot, each change of hands scanned (`custody_handover`), and the receiver reads the box's
 * data logger on arrival (`temperature_log`) before signing for it. A few handovers are never
 * scanned (a gap the portal flags) and a few loggers are never read (cold-chain goods received
 * without a temperature record).
 *
 * And one story told on purpose: a Red Cross ships hepatitis B vaccine to a county hospital
 * and a township health centre through its depot. The hospital's logger shows 95 minutes up
 * to 12.6 °C: quarantined, then released with the maker's stability data, then used (flagged).
 * The health centre's shows a night at 21 °C: quarantined and written off. Both records are
 * summarised from logger readings by the importer's own summary.
 */
import { instantAt, summariseReadings, type Reading } from '../../api/import/logger.ts';
import { addDays, dayOf } from './calendar.ts';
import { expiryAfter, goodsAsset, item, type Ctx } from './kit.ts';

const vaccine = 'hepatitis-b-vaccine';
const chinaOffset = 8 * 60;

/** The depot a cold shipment passes through, or null when it goes straight to the receiver. */
function depotFor(ctx: Ctx, from: string, to: string): string | null {
  const province = ctx.world.org(to).province ?? ctx.world.org(from).province;
  if (!province) return null;
  const depot = ctx.world.province(province).depot;
  return depot === from || depot === to ? null : depot;
}

/** At dispatch: the sender hands the box to the depot's cold truck. */
export function dispatchCold(ctx: Ctx, transfer: string, from: string, to: string): void {
  const { g } = ctx;
  const depot = depotFor(ctx, from, to);
  ctx.coldShipments.set(transfer, depot);
  if (!depot || g.room < 1) return;
  g.emit(from, { type: 'custody_handover', shipment: transfer, from, to: depot, at: g.now() });
}

/** On arrival, before the receipt: the depot hands over (usually scanned), the receiver reads the logger (usually). */
export function arriveCold(ctx: Ctx, transfer: string, to: string): void {
  const { g, rng } = ctx;
  if (!ctx.coldShipments.has(transfer)) return;
  const depot = ctx.coldShipments.get(transfer)!;
  ctx.coldShipments.delete(transfer);
  if (depot && g.room >= 2 && !rng.chance(0.04))
    g.emit(to, { type: 'custody_handover', shipment: transfer, from: depot, to, at: g.now() });
  if (g.room < 2 || rng.chance(0.08)) return;
  const shipped = ctx.shadow.ledger.event(transfer)!.body;
  const storage = item(ctx, (shipped as { goods: { item: string } }).goods.item).storage;
  if (!storage) return;
  // A box that stayed cold: readings inside the range, a few minutes out at most (door opened).
  const low = storage.lowC;
  const high = storage.highC;
  const span = high - low;
  const hours = Math.max(1, Math.round((Date.parse(g.now()) - Date.parse(shipped.occurredAt)) / 3_600_000));
  const tolerance = storage.excursionMinutes;
  g.emit(to, {
    type: 'temperature_log',
    shipment: transfer,
    min: round1(low + span * rng.between(0.05, 0.35)),
    max: round1(low + span * rng.between(0.6, 0.95)),
    outsideMinutes: rng.chance(0.1) ? rng.int(5, Math.max(5, Math.floor(tolerance / 2))) : 0,
    range: [low, high],
    readings: hours * 6 + 1,
    firstReadingAt: shipped.occurredAt,
    lastReadingAt: g.now(),
    logger: `TL-${String(rng.int(1000, 9999))}`,
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Readings every ten minutes from `from` to `to`: cold, but warm from `warmFrom` for `warmMinutes`, up to `peak`. */
export function loggerReadings(
  ctx: Ctx,
  from: string,
  to: string,
  warm: { afterMinutes: number; minutes: number; peak: number },
): Reading[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const out: Reading[] = [];
  for (let at = start, i = 0; at <= end; at += 600_000, i++) {
    const m = i * 10;
    const inWarm = m >= warm.afterMinutes && m < warm.afterMinutes + warm.minutes;
    const x = inWarm ? (m - warm.afterMinutes) / Math.max(10, warm.minutes - 10) : 0;
    const celsius = inWarm
      ? 8.2 + (warm.peak - 8.2) * Math.sin(Math.PI * Math.min(1, x))
      : 3.2 + 2.4 * ctx.rng.next();
    out.push({ at, celsius: round1(celsius) });
  }
  return out;
}

/** A temperature record as the importer summarises a logger file. */
function loggedRecord(
  ctx: Ctx,
  shipment: string,
  from: string,
  warm: Parameters<typeof loggerReadings>[3],
  logger: string,
) {
  const readings = loggerReadings(ctx, from, ctx.g.now(), warm);
  const s = summariseReadings(readings, [2, 8]);
  return {
    type: 'temperature_log' as const,
    shipment,
    min: s.min,
    max: s.max,
    outsideMinutes: s.outsideMinutes,
    range: [2, 8] as [number, number],
    readings: s.readings,
    firstReadingAt: instantAt(s.firstReadingAt, chinaOffset),
    lastReadingAt: instantAt(s.lastReadingAt, chinaOffset),
    logger,
  };
}

/** The story: a quarantine released and used, and a quarantine written off. */
export function scheduleColdChainStory(ctx: Ctx): void {
  const { g, world } = ctx;
  const t = world.timeline;
  const p = world.provinces.find((x) => x.slug === 'hubei') ?? world.provinces[0]!;
  const below = (id: string) => world.facilities.find((f) => f.parent === id)?.id;
  const county = below(p.cities[0]!);
  const township = county && below(county);
  const donor = world.donors.pharma[0];
  if (!county || !township || !donor) return;
  const day = dayOf(t, '2025-09-10');
  const asset = goodsAsset(vaccine);
  const lot = 'HB2509A';
  const quarantined = (holder: string) =>
    ctx.shadow.ledger.book.quarantined(holder, asset).reduce((s, l) => s + l.amount, 0);

  g.schedule(day, () => {
    if (g.room < 5) return;
    g.emit(p.redCross, {
      type: 'donation',
      donor,
      recipient: p.redCross,
      goods: {
        item: vaccine,
        quantity: 600,
        lot,
        expiresOn: expiryAfter(g.date, item(ctx, vaccine), 0.9) ?? addDays(g.date, 700),
      },
      note: '冷链运输（2–8 °C）：乙肝疫苗，供县乡接种门诊',
      notePublic: true,
    });
    const shipments: Array<[string, number, number, Parameters<typeof loggerReadings>[3], string]> = [
      [county, 300, 2, { afterMinutes: 600, minutes: 95, peak: 12.6 }, 'TL-HB-0001'],
      [township, 200, 3, { afterMinutes: 1500, minutes: 640, peak: 21.4 }, 'TL-HB-0002'],
    ];
    for (const [to, quantity, days, warm, logger] of shipments) {
      const sent = g.emit(p.redCross, {
        type: 'transfer',
        to,
        goods: { item: vaccine, quantity, lot },
        note: '冷链运输（2–8 °C）',
        notePublic: true,
      });
      const id = sent.event.id;
      const shippedAt = sent.event.body.occurredAt;
      g.emit(p.redCross, {
        type: 'custody_handover',
        shipment: id,
        from: p.redCross,
        to: p.depot,
        at: g.now(),
        place: '省医药储备库冷库',
      });
      g.schedule(day + days, () => {
        if (g.room < 3 || !ctx.shadow.pending.has(id)) return;
        g.emit(to, {
          type: 'custody_handover',
          shipment: id,
          from: p.depot,
          to,
          at: g.now(),
          place: '接种门诊冷藏室',
        });
        g.emit(to, { ...loggedRecord(ctx, id, shippedAt, warm, logger), note: '到货时导出温度记录仪数据' });
        g.emit(to, { type: 'receipt', transfer: id, goods: { item: vaccine, quantity } });
      });
    }
  });
  // The hospital releases its lot on the maker's word and uses some; the health centre writes its off.
  g.schedule(day + 4, () => {
    if (g.room < 2 || quarantined(county) === 0) return;
    g.emit(county, {
      type: 'lot_release',
      item: vaccine,
      lot,
      reason: '生产企业稳定性数据：12.6 °C 以下累计 95 分钟不影响效价，经院感科复核后解除隔离',
    });
    const free = ctx.shadow.held(county, asset);
    if (free > 0)
      g.emit(county, {
        type: 'use',
        goods: { item: vaccine, quantity: Math.min(40, free) },
        beneficiaries: Math.min(40, free),
      });
  });
  g.schedule(day + 5, () => {
    const q = quarantined(township);
    if (g.room < 1 || q === 0) return;
    g.emit(township, {
      type: 'write_off',
      goods: { item: vaccine, quantity: q, lot },
      reason: 'damaged',
      note: '运输途中冷藏车故障，21 °C 持续十小时以上，按规定报损销毁',
    });
  });
}
