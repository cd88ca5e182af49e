/**
 * Opening balances: stock of unknown provenance. Its units are held, moved, used and written
 * off like any others, and never attributed to a gift. The properties replay random workloads
 * twice: once with opening balances, once with each opening balance recorded instead as a gift
 * of a stand-in donor. Lot by lot the two ledgers choose the same units (an opening balance is
 * unrestricted stock acquired at its seq, like that gift), so every real gift's fate must come
 * out identical, and the stand-in's units must be exactly the units that carry no gift.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBody, type Of } from '../../api/domain/events.ts';
import type { MemoryLedger } from '../../api/domain/memory-ledger.ts';
import { Problem } from '../../api/domain/problems.ts';
import { OutcomeLog } from '../support/ledger-audit.ts';
import { play, workload } from '../support/workload.ts';
import { at, cny, smallLedger } from '../support/small-world.ts';

const opening = (extra: Partial<Of<'opening_balance'>> = {}): Of<'opening_balance'> => ({
  type: 'opening_balance',
  occurredAt: at,
  asOf: '2026-01-01',
  source: 'annual disclosure, 2026-01-01',
  goods: { item: 'n95-respirator', quantity: 20_000 },
  ...extra,
});
const n95 = (quantity: number) => ({ goods: { item: 'n95-respirator', quantity } });
const reverse = (corrects: string): Of<'correction'> => ({
  type: 'correction',
  occurredAt: at,
  corrects,
  reason: 'x',
  reverse: true,
});
const gift = (amount: number): Of<'donation'> => ({
  type: 'donation',
  occurredAt: at,
  donor: 'donor-a',
  recipient: 'charity',
  money: cny(amount),
});

/** Units held by lots that carry no gift's share, per state|holder|asset. */
function unattributed(ledger: MemoryLedger, lotIds: Iterable<number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of lotIds) {
    const lot = ledger.book.get(id);
    if (!lot || lot.amount === 0 || lot.shares.size > 0) continue;
    const k = `${lot.state}|${lot.holder}|${lot.asset}`;
    out.set(k, (out.get(k) ?? 0) + lot.amount);
  }
  return out;
}

describe('opening_balance schema', () => {
  const parse = (v: Record<string, unknown>) => EventBody.safeParse({ ...opening(), ...v });
  it('accepts money or goods, as of a date not after the day it occurred', () => {
    expect(parse({}).success).toBe(true);
    expect(parse({ goods: undefined, money: cny(5_000) }).success).toBe(true);
    // The day is read as written, in occurredAt's own offset.
    expect(parse({ asOf: '2026-01-10' }).success).toBe(true);
    expect(parse({ occurredAt: '2026-01-10T23:30:00-05:00', asOf: '2026-01-10' }).success).toBe(true);
  });
  it.each([
    ['asOf after the day it occurred', { asOf: '2026-01-11' }, 'asOf'],
    ['asOf not a date', { asOf: '2026-01-01T00:00:00Z' }, 'asOf'],
    ['no source', { source: undefined }, 'source'],
    ['a blank source', { source: '   ' }, 'source'],
    ['a source too long', { source: 'x'.repeat(501) }, 'source'],
    ['both money and goods', { money: cny(1) }, 'money'],
    ['neither money nor goods', { goods: undefined }, 'money'],
    ['a zero quantity', n95(0), 'goods'],
    ['a fractional quantity', n95(1.5), 'goods'],
    ['a quantity beyond the bound', n95(10 ** 12 + 1), 'goods'],
    ['an unknown field', { donor: 'donor-a' }, ''],
  ])('refuses %s', (_what, change, path) => {
    const r = parse(change);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).join(' ')).toContain(path);
  });
});

describe('opening_balance scenarios', () => {
  it('lets a hand-out from stock whose receipts were never disclosed be recorded, attributed to no gift', () => {
    const { ledger, record } = smallLedger();
    const handOut = { type: 'transfer' as const, occurredAt: at, to: 'clinic', ...n95(5_000) };
    expect(() => record('hospital', handOut)).toThrow(Problem);
    const log = new OutcomeLog();
    const o = log.add(record('hospital', opening()));
    expect(o.flows).toEqual([]);
    expect(o.donations).toEqual([]);
    log.add(record('hospital', handOut));
    expect(unattributed(ledger, log.lotIds)).toEqual(
      new Map([
        ['held|hospital|goods:n95-respirator', 15_000],
        ['in_transit|clinic|goods:n95-respirator', 5_000],
      ]),
    );
    expect(log.flows).toEqual([]);
  });

  it('refuses an opening balance recorded for another holder or of an unknown item', () => {
    const { record } = smallLedger();
    expect(() => record('charity', opening({ holder: 'hospital' }))).toThrow(
      expect.objectContaining({ type: 'forbidden' }),
    );
    expect(() => record('hospital', opening({ goods: { item: 'nothing', quantity: 1 } }))).toThrow(
      expect.objectContaining({ type: 'unknown-reference' }),
    );
    expect(record('hospital', opening({ holder: 'hospital' })).deltas[0]!.attrs.holder).toBe('hospital');
  });

  it('keeps a pool of a gift and an opening balance apart: the gift is followed exactly, the rest reads unknown', () => {
    const { ledger, record } = smallLedger();
    const log = new OutcomeLog();
    log.add(record('charity', opening({ goods: undefined, money: cny(700) })));
    log.add(record('charity', gift(300)));
    // Oldest first: the 700 of unknown provenance, then 100 of the gift.
    log.add(record('charity', { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(800) }));
    log.add(record('hospital', { type: 'receipt', occurredAt: at, transfer: 'evt_3', money: cny(800) }));
    log.add(record('hospital', { type: 'use', occurredAt: at, money: cny(750), beneficiaries: 9 }));
    const fate = log.fate(ledger, 'evt_2');
    expect(fate.map((p) => [p.state, p.holder, p.amount])).toEqual([
      ['used', 'hospital', 50],
      ['held', 'charity', 200],
      ['held', 'hospital', 50],
    ]);
    // The unknown 700 went first and was used first: none of it is left.
    expect(unattributed(ledger, log.lotIds)).toEqual(new Map());
  });

  it('buys goods of unknown provenance with money of unknown provenance, and credits the gift only with its own part', () => {
    const { ledger, record } = smallLedger();
    const log = new OutcomeLog();
    log.add(record('charity', gift(300)));
    log.add(record('charity', opening({ goods: undefined, money: cny(700) })));
    const buy = log.add(
      record('charity', {
        type: 'purchase',
        occurredAt: at,
        supplier: 'supplier',
        money: cny(1_000),
        ...n95(10),
      }),
    );
    const made = buy.deltas.filter((d) => d.amount > 0);
    expect(made.map((d) => [d.amount, d.shares])).toEqual([
      [3, [['evt_1', 300]]],
      [7, []],
    ]);
    expect(unattributed(ledger, log.lotIds)).toEqual(new Map([['held|charity|goods:n95-respirator', 7]]));
    expect(log.fate(ledger, 'evt_1').map((p) => [p.state, p.asset, p.amount])).toEqual([
      ['held', 'goods:n95-respirator', 300],
    ]);
  });

  it('is reversed and replaced like any event, and not once its units have moved on', () => {
    const { ledger, record } = smallLedger();
    const log = new OutcomeLog();
    log.add(record('hospital', opening()));
    log.add(
      record('hospital', {
        type: 'correction',
        occurredAt: at,
        corrects: 'evt_1',
        reason: 'the disclosure said 2,000',
        replacement: opening(n95(2_000)),
      }),
    );
    expect(unattributed(ledger, log.lotIds)).toEqual(
      new Map([['held|hospital|goods:n95-respirator', 2_000]]),
    );
    log.add(record('hospital', { type: 'transfer', occurredAt: at, to: 'clinic', ...n95(1_500) }));
    expect(() => record('hospital', reverse('evt_1'))).toThrow(
      expect.objectContaining({ type: 'insufficient-holdings' }),
    );
    log.add(record('hospital', reverse('evt_3')));
    log.add(record('hospital', reverse('evt_1')));
    expect(unattributed(ledger, log.lotIds)).toEqual(new Map());
    expect(() => record('clinic', reverse('evt_1'))).toThrow(expect.objectContaining({ type: 'forbidden' }));
  });
});

// ---- properties ----

/** A donor that gives nothing in the workloads: in the twin ledger, the opening balances' stand-in. */
const standIn = 'supplier';

describe('opening_balance properties', () => {
  it('attributes no unit of an opening balance to a gift: every gift fares as if the stock were a separate donor', () => {
    let openings = 0;
    fc.assert(
      fc.property(workload({ openings: true, purchases: false, maxLength: 80 }), (commands) => {
        const real = play(commands);
        const twin = play(commands, { openingsAsGiftsOf: standIn });
        expect(real.accepted).toEqual(twin.accepted);
        for (const [key, gift] of real.ledger.donations) {
          expect(gift.donor).not.toBe(standIn);
          // log.fate checks the parts sum exactly to the gift.
          expect(real.log.fate(real.ledger, key)).toEqual(twin.log.fate(twin.ledger, key));
        }
        // The stand-in's held and in-transit units are exactly the units that carry no gift.
        const standInUnits = new Map<string, number>();
        for (const id of twin.log.lotIds) {
          const lot = twin.ledger.book.get(id);
          if (!lot || lot.amount === 0) continue;
          const mine = twin.openings.reduce((s, key) => s + (lot.shares.get(key) ?? 0), 0);
          if (mine === 0) continue;
          // No lot mixes a gift with stock of unknown provenance.
          expect(mine).toBe(lot.amount);
          const k = `${lot.state}|${lot.holder}|${lot.asset}`;
          standInUnits.set(k, (standInUnits.get(k) ?? 0) + mine);
        }
        expect(unattributed(real.ledger, real.log.lotIds)).toEqual(standInUnits);
        openings += real.openings.length;
      }),
      { numRuns: 200 },
    );
    // Guards the generator: the workloads must state opening balances.
    expect(openings).toBeGreaterThan(200 * 3);
  });

  it('keeps every gift whole through purchases mixing gifts and opening balances', () => {
    fc.assert(
      fc.property(workload({ openings: true, maxLength: 80 }), (commands) => {
        const { ledger, log } = play(commands);
        for (const key of ledger.donations.keys()) log.fate(ledger, key);
        // Money is never mixed: a money lot is wholly one gift's or wholly of unknown provenance.
        for (const id of log.lotIds) {
          const lot = ledger.book.get(id);
          if (!lot || lot.amount === 0 || !lot.asset.startsWith('money:')) continue;
          const attributed = [...lot.shares.values()].reduce((a, b) => a + b, 0);
          expect(attributed === lot.amount || attributed === 0).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
