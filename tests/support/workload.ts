/**
 * Random ledger workloads for property tests: gifts (and, when asked, opening balances),
 * shipments, receipts, uses, write-offs, purchases and reversals among the small world's
 * holders. `play` records a workload event by event and checks after each one that the lots
 * agree with an independent balance model and that a refused event changed nothing.
 * fast-check prints the seed and the shrunk workload of any failure, so it replays exactly.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { EventBody } from '../../api/domain/events.ts';
import type { MemoryLedger } from '../../api/domain/memory-ledger.ts';
import { Problem } from '../../api/domain/problems.ts';
import { BalanceAuditor, OutcomeLog } from './ledger-audit.ts';
import { at, cny, smallLedger } from './small-world.ts';

const holders = ['charity', 'redcross-hb', 'warehouse', 'hospital', 'clinic', 'clinic-yc'] as const;
const donors = ['donor-a', 'donor-b'] as const;
const regions = [undefined, '420000', '420102', '420200', '110000'] as const;
const diseases = [undefined, 'J18', 'N18'] as const;

export type Command =
  | {
      kind: 'give' | 'open';
      to: number;
      donor: number;
      amount: number;
      goods: boolean;
      region: number;
      disease: number;
    }
  | {
      kind: 'ship';
      from: number;
      to: number;
      amount: number;
      goods: boolean;
      region: number;
      disease: number;
    }
  | { kind: 'receive'; pick: number; keepPermille: number }
  | { kind: 'use'; by: number; amount: number; goods: boolean; disease: number }
  | { kind: 'writeOff'; by: number; amount: number; goods: boolean }
  | { kind: 'buy'; by: number; money: number; quantity: number }
  | { kind: 'reverse'; pick: number };

const idx = (n: number) => fc.nat({ max: n - 1 });
const stock = (kind: 'give' | 'open') =>
  fc.record({
    kind: fc.constant(kind),
    to: idx(2),
    donor: idx(2),
    amount: fc.integer({ min: 1, max: 5_000 }),
    goods: fc.boolean(),
    region: idx(regions.length),
    disease: idx(diseases.length),
  });

/** Workloads of up to `maxLength` commands; with `openings`, opening balances beside gifts. */
export function workload(
  opts: { openings?: boolean; purchases?: boolean; maxLength?: number } = {},
): fc.Arbitrary<Command[]> {
  const menu: Array<fc.WeightedArbitrary<Command>> = [
    { weight: 4, arbitrary: stock('give') },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('ship' as const),
        from: idx(holders.length),
        to: idx(holders.length),
        amount: fc.integer({ min: 1, max: 1_500 }),
        goods: fc.boolean(),
        region: idx(regions.length),
        disease: idx(diseases.length),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('receive' as const),
        pick: fc.nat(),
        keepPermille: fc.integer({ min: 0, max: 1_000 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('use' as const),
        by: idx(holders.length),
        amount: fc.integer({ min: 1, max: 800 }),
        goods: fc.boolean(),
        disease: idx(diseases.length),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('writeOff' as const),
        by: idx(holders.length),
        amount: fc.integer({ min: 1, max: 500 }),
        goods: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
  ];
  if (opts.purchases !== false)
    menu.push({
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('buy' as const),
        by: idx(holders.length),
        money: fc.integer({ min: 1, max: 3_000 }),
        quantity: fc.integer({ min: 1, max: 40 }),
      }),
    });
  if (opts.openings) menu.push({ weight: 3, arbitrary: stock('open') });
  return fc.array(fc.oneof(...menu), { minLength: 1, maxLength: opts.maxLength ?? 120, size: 'max' });
}

const asset = (goods: boolean, amount: number) =>
  goods ? { goods: { item: 'insulin-glargine', quantity: amount } } : { money: cny(amount) };

export interface Played {
  ledger: MemoryLedger;
  log: OutcomeLog;
  /** Whether each command's event was accepted (commands that made no event are left out). */
  accepted: boolean[];
  /** Ids of the events the `open` commands recorded. */
  openings: string[];
}

/**
 * Records a workload. An `open` command records an opening balance at its holder, or, given
 * `openingsAsGiftsOf`, an unrestricted gift of that donor in its place.
 */
export function play(commands: readonly Command[], opts: { openingsAsGiftsOf?: string } = {}): Played {
  const { ledger, record } = smallLedger();
  const auditor = new BalanceAuditor();
  const log = new OutcomeLog();
  const shipments: Array<{ id: string; to: string; amount: number; goods: boolean }> = [];
  const recorded: Array<{ id: string; by: string }> = [];
  const accepted: boolean[] = [];
  const openings: string[] = [];
  for (const c of commands) {
    let by: string;
    let body: EventBody;
    switch (c.kind) {
      case 'give':
      case 'open':
        by = holders[c.to]!;
        if (c.kind === 'open' && opts.openingsAsGiftsOf === undefined)
          body = {
            type: 'opening_balance',
            occurredAt: at,
            asOf: '2026-01-01',
            source: 'test',
            ...asset(c.goods, c.amount),
          };
        else
          body = {
            type: 'donation',
            occurredAt: at,
            donor: c.kind === 'open' ? opts.openingsAsGiftsOf : donors[c.donor],
            recipient: by,
            ...asset(c.goods, c.amount),
            // A stand-in for an opening balance is unrestricted, like the stock it stands for.
            restriction:
              c.kind === 'give' && (regions[c.region] || diseases[c.disease])
                ? { region: regions[c.region], disease: diseases[c.disease] }
                : undefined,
          };
        break;
      case 'ship':
        by = holders[c.from]!;
        body = {
          type: 'transfer',
          occurredAt: at,
          to: holders[c.to]!,
          ...asset(c.goods, c.amount),
          toward: { region: regions[c.region], disease: diseases[c.disease] },
        };
        break;
      case 'receive': {
        if (shipments.length === 0) continue;
        const s = shipments[c.pick % shipments.length]!;
        by = s.to;
        body = {
          type: 'receipt',
          occurredAt: at,
          transfer: s.id,
          ...asset(s.goods, Math.floor((s.amount * c.keepPermille) / 1000) || 1),
        };
        break;
      }
      case 'use':
        by = holders[c.by]!;
        body = {
          type: 'use',
          occurredAt: at,
          ...asset(c.goods, c.amount),
          disease: diseases[c.disease],
          beneficiaries: 3,
        };
        break;
      case 'writeOff':
        by = holders[c.by]!;
        body = { type: 'write_off', occurredAt: at, ...asset(c.goods, c.amount), reason: 'expired' };
        break;
      case 'buy':
        by = holders[c.by]!;
        body = {
          type: 'purchase',
          occurredAt: at,
          supplier: 'supplier',
          money: cny(c.money),
          goods: { item: 'insulin-glargine', quantity: c.quantity },
        };
        break;
      case 'reverse': {
        if (recorded.length === 0) continue;
        const target = recorded[c.pick % recorded.length]!;
        by = target.by;
        body = { type: 'correction', occurredAt: at, corrects: target.id, reason: 'test', reverse: true };
        break;
      }
    }
    const before = BalanceAuditor.lotBalances(ledger, log.lotIds);
    try {
      const o = log.add(record(by, body));
      auditor.accept(o.event.id, by, body);
      accepted.push(true);
      if (body.type !== 'correction') recorded.push({ id: o.event.id, by });
      if (c.kind === 'open') openings.push(o.event.id);
      if (body.type === 'transfer')
        shipments.push({
          id: o.event.id,
          to: body.to,
          amount: body.money?.amount ?? body.goods!.quantity,
          goods: !!body.goods,
        });
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      accepted.push(false);
      expect(BalanceAuditor.lotBalances(ledger, log.lotIds)).toEqual(before);
    }
    // Every unit accounted for, per holder, asset and state, after every event.
    expect(BalanceAuditor.lotBalances(ledger, log.lotIds)).toEqual(auditor.balances);
  }
  return { ledger, log, accepted, openings };
}
