/**
 * Stock held before the simulated year's records start. Real disclosures begin mid-stream: a
 * charity publishes its stock on the day it starts disclosing, without the gifts that built it.
 * Two organizations state such opening balances on the year's first day, so the portal shows
 * units of unknown provenance travelling on beside gifts: a provincial charity federation's
 * money and a provincial Red Cross's masks.
 */
import { addDays } from './calendar.ts';
import type { Ctx } from './kit.ts';

export function openingBalances(ctx: Ctx): void {
  const { g, world } = ctx;
  const p = world.provinces.find((x) => x.slug === 'hubei') ?? world.provinces[0]!;
  // The close of the year before: the figure a first disclosure opens with.
  const asOf = addDays(world.timeline.start, -1);
  if (g.room < 2) return;
  g.emit(p.charity, {
    type: 'opening_balance',
    money: { currency: 'CNY', amount: 48_000_000 },
    asOf,
    source: `期初余额：该会首份公开披露（截至 ${asOf}）`,
  });
  g.emit(p.redCross, {
    type: 'opening_balance',
    goods: { item: 'surgical-mask', quantity: 1_200 },
    asOf,
    source: `期初库存：首份物资收支公示（截至 ${asOf}）`,
  });
}
