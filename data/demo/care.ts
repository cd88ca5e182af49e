/**
 * Where gifts end: uses at facilities (with the disease treated and how many people it
 * helped), expired stock written off (or, a quarter of the time, left on the shelf), damage
 * and loss, a corrected use, and the few deliberate restriction breaches the portal must
 * flag: flood relief goods passed to another province, rare-disease money spent on another
 * disease, programme goods moved across a provincial earmark.
 */
import type { Destination } from '../../api/domain/attribution.ts';
import type { Of } from '../../api/domain/events.ts';
import type { LotRestriction } from '../../api/domain/lots.ts';
import {
  CNY,
  assetName,
  capFanIn,
  cny,
  isMoneyAsset,
  item,
  pickAsset,
  pickGroup,
  pickHolder,
  roundMoney,
  scenarioOfLot,
  type Ctx,
} from './kit.ts';
import { scheduleReceipt } from './logistics.ts';
import type { Facility } from './world.ts';

/** Rough cost of caring for one patient with money, by disease group (fen). */
const costPerPatient: Record<string, number> = {
  cancer: 3_000_000,
  congenital: 4_000_000,
  rare: 10_000_000,
  kidney: 800_000,
  eye: 600_000,
};
const userPools = [
  ['use:famous', 1.5],
  ['use:city', 2],
  ['use:county', 3],
  ['use:township', 3],
  ['use:village', 3],
] as const;
const chronicDiseases = [
  ['N18', 2],
  ['E11', 3],
  ['I10', 3],
  ['E10', 0.5],
] as const;

/** The disease a use is for: the lot's earmark first, then what the item treats, then the scenario. */
function diseaseFor(ctx: Ctx, f: Facility, asset: string, r: LotRestriction | null): string {
  const { rng } = ctx;
  if (r?.disease) return r.disease;
  const sc = scenarioOfLot(ctx, r);
  if (isMoneyAsset(asset))
    return f.poor && !r?.appeal && rng.chance(0.4)
      ? rng.weighted(chronicDiseases)
      : rng.weighted(sc.diseases);
  const treats = item(ctx, assetName(asset)).diseases;
  if (treats.length === 0) return rng.weighted(sc.diseases);
  const inScenario = treats.filter((d) => sc.diseases.some(([code]) => code === d));
  return rng.pick(inScenario.length && sc.id !== 'routine' ? inScenario : treats);
}

function beneficiariesFor(ctx: Ctx, asset: string, amount: number, disease: string): number {
  const { rng } = ctx;
  const atLeastOne = (n: number) => Math.max(1, Math.round(n));
  if (isMoneyAsset(asset)) {
    const group = ctx.catalog.disease(disease)?.group ?? '';
    return atLeastOne(amount / ((costPerPatient[group] ?? 150_000) * rng.between(0.6, 1.4)));
  }
  const it = item(ctx, assetName(asset));
  switch (it.category) {
    case 'vaccine':
    case 'service':
      return amount;
    case 'device':
      return atLeastOne(amount * rng.between(30, 400));
    case 'protective_equipment':
      return atLeastOne(amount / rng.between(5, 20));
    case 'consumable':
      return atLeastOne(amount / rng.between(1, 6));
    default:
      return atLeastOne(amount / (it.group === 'rare_disease' ? rng.between(8, 40) : rng.between(1, 4)));
  }
}

/** Famous hospitals use goods more slowly than they are sent them; a device is put to use only half the time. */
const useRate = (f: Facility, asset: string, ctx: Ctx) =>
  isMoneyAsset(asset)
    ? 1
    : (f.famous ? 0.35 : 1) * (item(ctx, assetName(asset)).category === 'device' ? 0.5 : 1);

interface PlannedUse {
  holder: string;
  asset: string;
  amount: number;
  disease: string;
  beneficiaries: number;
}

function planUse(ctx: Ctx): PlannedUse | undefined {
  const { rng, shadow, world } = ctx;
  const holder = pickHolder(ctx, userPools);
  const f = holder && world.facility(holder);
  if (!holder || !f) return undefined;
  const asset = pickAsset(ctx, holder, 0.3);
  if (!rng.chance(useRate(f, asset, ctx))) return undefined;
  const group = pickGroup(ctx, holder, asset)!;
  const disease = diseaseFor(ctx, f, asset, group.restriction);
  const dest: Destination = { region: f.region, disease, diseaseRequired: true };
  const fit = shadow.fitting(holder, asset, dest);
  const money = isMoneyAsset(asset);
  const device = !money && item(ctx, assetName(asset)).category === 'device';
  let amount = money
    ? roundMoney(fit * rng.between(0.2, 0.7))
    : device
      ? Math.min(fit, rng.int(1, 2))
      : Math.max(1, Math.floor(fit * rng.between(0.2, 0.8)));
  amount = capFanIn(ctx, holder, asset, Math.min(amount, fit), dest);
  if (amount < (money ? 10_000 : 1)) return undefined;
  return { holder, asset, amount, disease, beneficiaries: beneficiariesFor(ctx, asset, amount, disease) };
}

const assetFields = (asset: string, amount: number) =>
  isMoneyAsset(asset) ? { money: cny(amount) } : { goods: { item: assetName(asset), quantity: amount } };

export function use(ctx: Ctx): number {
  const u = planUse(ctx);
  if (!u) return 0;
  ctx.g.emit(u.holder, {
    type: 'use',
    ...assetFields(u.asset, u.amount),
    disease: u.disease,
    beneficiaries: u.beneficiaries,
  });
  return 1;
}

/** A use reported with the wrong count of people, corrected the same day. */
export function correctedUse(ctx: Ctx): number {
  const u = planUse(ctx);
  if (!u) return 0;
  const first = ctx.g.emit(u.holder, {
    type: 'use',
    ...assetFields(u.asset, u.amount),
    disease: u.disease,
    beneficiaries: u.beneficiaries * 10 + 1,
  });
  const body = first.event.body as Of<'use'>;
  ctx.g.emit(u.holder, {
    type: 'correction',
    corrects: first.event.id,
    reason: '受益人数统计有误，按登记表更正',
    replacement: { ...body, beneficiaries: u.beneficiaries },
  });
  return 2;
}

/** Goods broken in transport, spoiled by a cold-chain failure, missing at stocktaking. */
export function damage(ctx: Ctx): number {
  const { rng, shadow, g } = ctx;
  const holder = shadow.randomStocked('holders', rng);
  if (!holder) return 0;
  const goods = shadow.assets(holder).filter((a) => !isMoneyAsset(a));
  if (goods.length === 0) return 0;
  const asset = rng.pick(goods);
  const it = item(ctx, assetName(asset));
  const held = shadow.held(holder, asset);
  const quantity = Math.min(
    held,
    it.category === 'device' ? 1 : Math.max(1, Math.floor(held * rng.between(0.01, 0.05))),
  );
  const reason = rng.weighted([
    ['damaged', 0.7],
    ['lost', 0.15],
    ['other', 0.15],
  ] as const);
  const note =
    reason === 'damaged'
      ? it.coldChain
        ? '冷链温度超标，报损'
        : '运输破损'
      : reason === 'lost'
        ? '盘点短缺'
        : '质量抽检不合格';
  g.emit(holder, { type: 'write_off', goods: { item: it.id, quantity }, reason, note });
  return 1;
}

/** Goods that expire today: most are written off within three weeks, a quarter stay on the shelf. */
export function expirySweep(ctx: Ctx): void {
  const { rng, shadow, g } = ctx;
  const keys = shadow.expiring.get(g.date);
  if (!keys) return;
  shadow.expiring.delete(g.date);
  for (const key of keys) {
    if (!rng.chance(0.75)) continue;
    g.schedule(g.day + rng.int(1, 21), () => {
      if (g.room < 1) return;
      const [holder, asset, lot] = key.split('|') as [string, string, string];
      const quantity = shadow
        .lots(holder, asset)
        .filter((l) => l.lotCode === lot)
        .reduce((s, l) => s + l.amount, 0);
      if (quantity === 0) return;
      g.emit(holder, {
        type: 'write_off',
        goods: { item: assetName(asset), quantity, lot },
        reason: 'expired',
        note: '过期报废',
      });
      g.stats.expiredWrittenOff += 1;
    });
  }
}

/** A deliberate restriction breach, of whichever kind the ledger currently allows; 0 when none does. */
export function breach(ctx: Ctx): number {
  for (const kind of ctx.rng.shuffle([floodRegift, rareMisuse, crossProvince])) {
    if (kind(ctx)) {
      ctx.g.stats.deliberateBreaches += 1;
      return 1;
    }
  }
  return 0;
}

/** Part of `elsewhere` on top of everything that fits: the excess is the breach. */
const overdraw = (ctx: Ctx, fit: number, elsewhere: number) =>
  fit + Math.max(1, Math.floor(elsewhere * ctx.rng.between(0.2, 0.6)));

/** A famous Henan hospital passes flood-relief goods, earmarked for Henan, to a hospital in the epidemic provinces. */
function floodRegift(ctx: Ctx): boolean {
  const { world, shadow, rng } = ctx;
  const henan = world.provinces.find((p) => p.slug === 'henan')!;
  const targets = world.provinces
    .filter((p) => p.slug === 'hubei' || p.slug === 'hunan')
    .flatMap((p) => p.famous);
  for (const holder of henan.famous) {
    for (const asset of shadow.assets(holder)) {
      if (!shadow.heldGroups(holder, asset).some((gr) => gr.restriction?.appeal === 'henan-flood-2025'))
        continue;
      const to = rng.pick(targets);
      const dest = { region: world.org(to).region };
      const elsewhere = shadow.elsewhere(holder, asset, dest);
      if (elsewhere === 0 || isMoneyAsset(asset)) continue;
      const quantity = overdraw(ctx, shadow.fitting(holder, asset, dest), elsewhere);
      return !!shipAll(ctx, holder, to, asset, quantity, '调剂支援外省（使用了河南洪灾定向捐赠物资）');
    }
  }
  return false;
}

/** A rare-disease centre spends money given for one rare disease on patients with another. */
function rareMisuse(ctx: Ctx): boolean {
  const { world, shadow, rng, g } = ctx;
  for (const p of rng.shuffle(world.provinces)) {
    const holder = p.famous[0]!;
    const given = shadow.heldGroups(holder, CNY).find((gr) => gr.restriction?.disease);
    if (!given) continue;
    const disease = rng.pick(
      ['D66', 'D67', 'G12', 'E75', 'E70'].filter((d) => d !== given.restriction!.disease),
    );
    const dest: Destination = { region: world.org(holder).region, disease, diseaseRequired: true };
    const amount = overdraw(ctx, shadow.fitting(holder, CNY, dest), shadow.elsewhere(holder, CNY, dest));
    const out = g.emit(holder, {
      type: 'use',
      money: cny(amount),
      disease,
      beneficiaries: rng.int(1, 4),
      note: '项目资金临时用于其他罕见病患者救治',
    });
    if (!out.breach) throw new Error(`demo: a deliberate breach by ${holder} was not flagged`);
    return true;
  }
  return false;
}

/** A county hospital in one poor province sends programme goods earmarked for its province to the other. */
function crossProvince(ctx: Ctx): boolean {
  const { world, shadow, rng } = ctx;
  const poor = world.provinces.filter((p) => p.poor);
  for (const p of rng.shuffle(poor)) {
    const other = poor.find((x) => x !== p);
    if (!other) return false;
    for (const holder of p.counties) {
      for (const asset of shadow.assets(holder)) {
        if (
          isMoneyAsset(asset) ||
          !shadow.heldGroups(holder, asset).some((gr) => gr.restriction?.region === p.code)
        )
          continue;
        const to = rng.pick(other.counties);
        const dest = { region: world.org(to).region };
        const quantity = overdraw(
          ctx,
          shadow.fitting(holder, asset, dest),
          shadow.elsewhere(holder, asset, dest),
        );
        return !!shipAll(ctx, holder, to, asset, quantity, '跨省调剂（使用了定向本省的项目物资）');
      }
    }
  }
  return false;
}

/** Ships exactly `quantity` of goods with no earmark steering: used only for the deliberate breaches. */
function shipAll(ctx: Ctx, from: string, to: string, asset: string, quantity: number, note: string) {
  const out = ctx.g.emit(from, { type: 'transfer', to, goods: { item: assetName(asset), quantity }, note });
  if (!out.breach) throw new Error(`demo: a deliberate breach by ${from} was not flagged`);
  scheduleReceipt(ctx, out.event.id, to, false);
  return out.event.id;
}
