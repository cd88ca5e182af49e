import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../api/domain/events.ts';
import { Problem } from '../../api/domain/problems.ts';
import { OutcomeLog } from '../support/ledger-audit.ts';
import { at, cny, smallLedger } from '../support/small-world.ts';

type Step = [by: string, body: EventBody, expected: 'created' | `refused:${string}`];

/** One line per event with its expected outcome; valid and invalid side by side. */
function run(steps: Step[]) {
  const world = smallLedger();
  const log = new OutcomeLog();
  steps.forEach(([by, body, expected], i) => {
    let got: string;
    try {
      log.add(world.record(by, body));
      got = 'created';
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      got = `refused:${e.type}`;
    }
    expect(got, `step ${i + 1} (${body.type})`).toBe(expected);
  });
  return { ...world, log };
}

type Donation = Extract<EventBody, { type: 'donation' }>;
const give = (donor: string, amount: number, extra: Partial<Donation> = {}): Donation => ({
  type: 'donation',
  occurredAt: at,
  donor,
  recipient: 'charity',
  money: cny(amount),
  ...extra,
});

describe('ledger scenarios', () => {
  it('moves money from donor to clinic and refuses overdrafts without changing anything', () => {
    const { ledger, log } = run([
      ['charity', give('donor-a', 10_000), 'created'],
      ['charity', give('donor-b', 5_000), 'created'],
      ['charity', { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(12_000) }, 'created'],
      [
        'charity',
        { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(3_001) },
        'refused:insufficient-holdings',
      ],
      [
        'hospital',
        { type: 'use', occurredAt: at, money: cny(1), beneficiaries: 1 },
        'refused:insufficient-holdings',
      ],
      ['hospital', { type: 'receipt', occurredAt: at, transfer: 'evt_3', money: cny(11_500) }, 'created'],
      [
        'hospital',
        { type: 'receipt', occurredAt: at, transfer: 'evt_3', money: cny(11_500) },
        'refused:conflict',
      ],
      [
        'hospital',
        { type: 'use', occurredAt: at, money: cny(11_000), disease: 'N18', beneficiaries: 12 },
        'created',
      ],
    ]);
    // FIFO: donor A's 10,000 left first, then 2,000 of donor B's.
    const a = log.fate(ledger, 'evt_1');
    const b = log.fate(ledger, 'evt_2');
    expect(a.reduce((s, p) => s + p.amount, 0)).toBe(10_000);
    expect(b.reduce((s, p) => s + p.amount, 0)).toBe(5_000);
    expect(b.find((p) => p.state === 'held' && p.holder === 'charity')?.amount).toBe(3_000);
    expect([...a, ...b].filter((p) => p.state === 'lost').reduce((s, p) => s + p.amount, 0)).toBe(500);
    expect([...a, ...b].filter((p) => p.state === 'used').reduce((s, p) => s + p.amount, 0)).toBe(11_000);
  });

  it('checks who may record what', () => {
    run([
      ['hospital', give('donor-a', 100), 'refused:forbidden'],
      ['charity', give('nobody', 100), 'refused:unknown-reference'],
      ['charity', give('donor-a', 100, { restriction: { region: '999999' } }), 'refused:unknown-reference'],
      ['charity', give('donor-a', 100), 'created'],
      ['charity', { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(100) }, 'created'],
      [
        'clinic',
        { type: 'receipt', occurredAt: at, transfer: 'evt_2', money: cny(100) },
        'refused:forbidden',
      ],
      [
        'hospital',
        { type: 'receipt', occurredAt: at, transfer: 'evt_2', money: { currency: 'USD', amount: 100 } },
        'refused:validation',
      ],
      [
        'hospital',
        { type: 'receipt', occurredAt: at, transfer: 'evt_2', money: cny(101) },
        'refused:validation',
      ],
      [
        'hospital',
        { type: 'receipt', occurredAt: at, transfer: 'evt_1', money: cny(100) },
        'refused:unknown-reference',
      ],
      [
        'hospital',
        { type: 'correction', occurredAt: at, corrects: 'evt_2', reason: 'x', reverse: true },
        'refused:forbidden',
      ],
      ['charity', { type: 'transfer', occurredAt: at, to: 'charity', money: cny(1) }, 'refused:validation'],
    ]);
  });

  it('spends restricted money on its destination first and flags a breach only when nothing else is left', () => {
    const { ledger, log } = run([
      ['charity', give('donor-a', 1_000), 'created'],
      ['charity', give('donor-b', 1_000, { restriction: { region: '420000', disease: 'N18' } }), 'created'],
      // Toward Hubei dialysis: the earmarked gift goes first even though it is younger.
      [
        'charity',
        { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(600), toward: { disease: 'N18' } },
        'created',
      ],
      // To Beijing nothing earmarked fits: unrestricted first, then the Hubei lot, flagged.
      ['charity', { type: 'transfer', occurredAt: at, to: 'donor-b', money: cny(1_200) }, 'created'],
    ]);
    const b = log.fate(ledger, 'evt_2');
    expect(b.find((p) => p.holder === 'hospital')?.amount).toBe(600);
    expect(ledger.event('evt_3')!.flows.every((f) => !f.breach)).toBe(true);
    const breaches = ledger.event('evt_4')!.flows.filter((f) => f.breach);
    expect(breaches).toEqual([expect.objectContaining({ donation: 'evt_2', amount: 200 })]);
  });

  it('keeps provenance through a purchase: money becomes goods, each gift keeps its part', () => {
    const { ledger, log } = run([
      ['charity', give('donor-a', 700), 'created'],
      ['charity', give('donor-b', 300), 'created'],
      [
        'charity',
        {
          type: 'purchase',
          occurredAt: at,
          supplier: 'supplier',
          money: cny(1_000),
          goods: { item: 'n95-respirator', quantity: 3 },
        },
        'created',
      ],
      [
        'charity',
        { type: 'use', occurredAt: at, goods: { item: 'n95-respirator', quantity: 1 }, beneficiaries: 1 },
        'created',
      ],
    ]);
    for (const [key, gift] of [
      ['evt_1', 700],
      ['evt_2', 300],
    ] as const) {
      const fate = log.fate(ledger, key);
      expect(fate.reduce((s, p) => s + p.amount, 0)).toBe(gift);
      expect(fate.every((p) => p.asset === 'goods:n95-respirator')).toBe(true);
    }
    const used = [...log.fate(ledger, 'evt_1'), ...log.fate(ledger, 'evt_2')].filter(
      (p) => p.state === 'used',
    );
    expect(used.reduce((s, p) => s + p.amount, 0)).toBe(333);
  });

  it('reverses and replaces by correction, and refuses to undo what has moved on', () => {
    const { ledger, log } = run([
      ['charity', give('donor-a', 1_000), 'created'],
      ['charity', { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(400) }, 'created'],
      [
        'charity',
        { type: 'correction', occurredAt: at, corrects: 'evt_1', reason: 'typo', reverse: true },
        'refused:insufficient-holdings',
      ],
      [
        'charity',
        {
          type: 'correction',
          occurredAt: at,
          corrects: 'evt_2',
          reason: 'wrong amount',
          replacement: { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(250) },
        },
        'created',
      ],
      ['hospital', { type: 'receipt', occurredAt: at, transfer: 'evt_2', money: cny(250) }, 'created'],
      [
        'charity',
        { type: 'correction', occurredAt: at, corrects: 'evt_2', reason: 'again', reverse: true },
        'refused:conflict',
      ],
      [
        'hospital',
        {
          type: 'correction',
          occurredAt: at,
          corrects: 'evt_4',
          reason: 'miscounted',
          replacement: { type: 'receipt', occurredAt: at, transfer: 'evt_2', money: cny(200) },
        },
        'created',
      ],
      [
        'charity',
        {
          type: 'correction',
          occurredAt: at,
          corrects: 'evt_1',
          reason: 'x',
          replacement: { type: 'transfer', occurredAt: at, to: 'hospital', money: cny(1) },
        },
        'refused:validation',
      ],
    ]);
    const fate = log.fate(ledger, 'evt_1');
    expect(fate).toEqual([
      expect.objectContaining({ state: 'held', holder: 'charity', amount: 750 }),
      expect.objectContaining({ state: 'held', holder: 'hospital', amount: 200 }),
      expect.objectContaining({ state: 'lost', holder: 'hospital', amount: 50 }),
    ]);
  });

  it('keeps the receipt code and the gift key when a donation is replaced', () => {
    const { ledger } = run([
      ['charity', give('donor-a', 1_000), 'created'],
      [
        'charity',
        {
          type: 'correction',
          occurredAt: at,
          corrects: 'evt_1',
          reason: 'was 100',
          replacement: give('donor-a', 100),
        },
        'created',
      ],
    ]);
    expect(ledger.donation('evt_1')).toMatchObject({
      receiptCode: 'R-evt_1',
      amount: 100,
      currentEvent: 'evt_2',
      status: 'active',
    });
    expect(ledger.book.heldLots('charity', 'money:CNY').reduce((s, l) => s + l.amount, 0)).toBe(100);
  });
});
