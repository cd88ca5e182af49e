/**
 * Random workloads against the ledger, checked after every event against an independent
 * balance model. fast-check prints the seed and the shrunk workload of any failure, so it
 * replays exactly (`fc.assert(..., { seed, path })`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../api/domain/events.ts';
import { Problem } from '../../api/domain/problems.ts';
import { BalanceAuditor, OutcomeLog } from '../support/ledger-audit.ts';
import { at, cny, smallLedger } from '../support/small-world.ts';

const holders = ['charity', 'redcross-hb', 'warehouse', 'hospital', 'clinic', 'clinic-yc'] as const;
const donors = ['donor-a', 'donor-b'] as const;
const regions = [undefined, '420000', '420102', '420200', '110000'] as const;
const diseases = [undefined, 'J18', 'N18'] as const;

type Command =
  | {
      kind: 'give';
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
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('give' as const),
      to: idx(2),
      donor: idx(2),
      amount: fc.integer({ min: 1, max: 5_000 }),
      goods: fc.boolean(),
      region: idx(regions.length),
      disease: idx(diseases.length),
    }),
  },
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
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('buy' as const),
      by: idx(holders.length),
      money: fc.integer({ min: 1, max: 3_000 }),
      quantity: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
);

const asset = (goods: boolean, amount: number) =>
  goods ? { goods: { item: 'insulin-glargine', quantity: amount } } : { money: cny(amount) };

describe('ledger properties', () => {
  it('conserves every holder and every gift through random workloads, and refusals change nothing', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 120, size: 'max' }), (commands) => {
        const { ledger, record } = smallLedger();
        const auditor = new BalanceAuditor();
        const log = new OutcomeLog();
        const shipments: Array<{ id: string; to: string; amount: number; goods: boolean }> = [];
        const recorded: Array<{ id: string; by: string }> = [];
        let seq = 0;
        for (const c of commands) {
          let by: string;
          let body: EventBody;
          switch (c.kind) {
            case 'give':
              by = holders[c.to]!;
              body = {
                type: 'donation',
                occurredAt: at,
                donor: donors[c.donor],
                recipient: by,
                ...asset(c.goods, c.amount),
                restriction:
                  regions[c.region] || diseases[c.disease]
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
              body = {
                type: 'correction',
                occurredAt: at,
                corrects: target.id,
                reason: 'test',
                reverse: true,
              };
              break;
            }
          }
          const before = BalanceAuditor.lotBalances(ledger, log.lotIds);
          try {
            const o = log.add(record(by, body));
            seq += 1;
            auditor.accept(o.event.id, by, body);
            if (body.type !== 'correction') recorded.push({ id: o.event.id, by });
            if (body.type === 'transfer')
              shipments.push({
                id: o.event.id,
                to: body.to,
                amount: body.money?.amount ?? body.goods!.quantity,
                goods: !!body.goods,
              });
          } catch (e) {
            if (!(e instanceof Problem)) throw e;
            expect(BalanceAuditor.lotBalances(ledger, log.lotIds)).toEqual(before);
          }
          expect(BalanceAuditor.lotBalances(ledger, log.lotIds)).toEqual(auditor.balances);
        }
        // Every gift's fate adds up (fateOf throws if it does not) and no lot is negative.
        for (const key of ledger.donations.keys()) log.fate(ledger, key);
        for (const id of log.lotIds) expect(ledger.book.get(id)!.amount).toBeGreaterThanOrEqual(0);
        accepted += seq;
      }),
      { numRuns: 300 },
    );
    // Guards the generator: most random events must be accepted, or the property proves little.
    expect(accepted).toBeGreaterThan(300 * 15);
  });
});
