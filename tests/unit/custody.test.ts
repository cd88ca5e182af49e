import { describe, expect, it } from 'vitest';
import { custodyChain } from '../../api/domain/custody.ts';
import type { EventBody } from '../../api/domain/events.ts';
import { goodsAsset } from '../../api/domain/lots.ts';
import { Problem } from '../../api/domain/problems.ts';
import { at, smallLedger } from '../support/small-world.ts';

const insulin = (quantity: number, lot = 'L1') => ({ item: 'insulin-glargine', quantity, lot });
const later = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

/** 100 pens of lot L1 at the charity, 60 of them shipped to the clinic (evt_2). */
function shipped() {
  const world = smallLedger();
  world.record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'donor-a',
    recipient: 'charity',
    goods: insulin(100),
  });
  world.record('charity', { type: 'transfer', occurredAt: at, to: 'clinic', goods: insulin(60) });
  return world;
}

const log = (outsideMinutes: number, extra: Partial<Extract<EventBody, { type: 'temperature_log' }>> = {}) =>
  ({
    type: 'temperature_log',
    occurredAt: later(5),
    shipment: 'evt_2',
    min: 1.5,
    max: 11.2,
    outsideMinutes,
    range: [2, 8],
    ...extra,
  }) as EventBody;

const refusal = (f: () => unknown): Problem => {
  try {
    f();
  } catch (e) {
    if (e instanceof Problem) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

const quarantinedAt = (ledger: ReturnType<typeof smallLedger>['ledger'], holder: string) =>
  ledger.book.quarantined(holder, goodsAsset('insulin-glargine')).reduce((s, l) => s + l.amount, 0);
const freeAt = (ledger: ReturnType<typeof smallLedger>['ledger'], holder: string) =>
  ledger.book.heldLots(holder, goodsAsset('insulin-glargine')).reduce((s, l) => s + l.amount, 0);

describe('custody and the cold chain', () => {
  it('quarantines a shipment whose record shows an excursion, refuses its use by name, and flags uses after release', () => {
    const { ledger, record } = shipped();
    const t = record('clinic', log(90));
    expect(t.custody).toMatchObject([
      { kind: 'temperature', excursion: true, quarantined: 60, holder: 'clinic' },
    ]);
    record('clinic', { type: 'receipt', occurredAt: later(6), transfer: 'evt_2', goods: insulin(60) });
    expect(quarantinedAt(ledger, 'clinic')).toBe(60);
    expect(freeAt(ledger, 'clinic')).toBe(0);

    const use = refusal(() =>
      record('clinic', { type: 'use', occurredAt: later(7), goods: insulin(1), beneficiaries: 1 }),
    );
    expect(use.type).toBe('lot-quarantined');
    expect(use.status).toBe(409);
    expect(use.detail).toContain('lot L1');
    expect(use.detail).toContain('evt_3');
    for (const body of [
      { type: 'transfer', occurredAt: later(7), to: 'hospital', goods: insulin(5) },
      { type: 'return', occurredAt: later(7), to: 'charity', goods: insulin(5) },
    ] as EventBody[])
      expect(refusal(() => record('clinic', body)).type).toBe('lot-quarantined');

    // Only the holder releases, with a reason.
    const release = {
      type: 'lot_release',
      occurredAt: later(8),
      item: 'insulin-glargine',
      lot: 'L1',
      reason: 'maker confirms stability for 24 h at 12 °C',
    } as EventBody;
    expect(refusal(() => record('charity', release)).type).toBe('conflict');
    const released = record('clinic', release);
    expect(released.custody).toMatchObject([{ kind: 'release', quantity: 60, excursions: ['evt_3'] }]);
    expect(quarantinedAt(ledger, 'clinic')).toBe(0);

    const used = record('clinic', {
      type: 'use',
      occurredAt: later(9),
      goods: insulin(10),
      beneficiaries: 10,
    });
    expect(used.flows.every((f) => f.excursion === 'evt_3')).toBe(true);
    // The flag travels with the goods.
    record('clinic', { type: 'transfer', occurredAt: later(9), to: 'hospital', goods: insulin(5) });
    record('hospital', { type: 'receipt', occurredAt: later(10), transfer: 'evt_7', goods: insulin(5) });
    const downstream = record('hospital', {
      type: 'use',
      occurredAt: later(11),
      goods: insulin(5),
      beneficiaries: 5,
    });
    expect(downstream.flows.map((f) => f.excursion)).toEqual(['evt_3']);
    // Goods that never warmed up are not flagged.
    const clean = record('charity', {
      type: 'use',
      occurredAt: later(11),
      goods: insulin(5),
      beneficiaries: 5,
    });
    expect(clean.flows.every((f) => !f.excursion)).toBe(true);
  });

  it('quarantines nothing within the tolerance', () => {
    const { ledger, record } = shipped();
    const t = record('charity', log(60));
    expect(t.custody).toMatchObject([{ excursion: false, quarantined: 0, toleranceMinutes: 60 }]);
    record('clinic', { type: 'receipt', occurredAt: later(6), transfer: 'evt_2', goods: insulin(60) });
    expect(freeAt(ledger, 'clinic')).toBe(60);
  });

  it('quarantines what is still at the receiver when the record comes after the receipt', () => {
    const { ledger, record } = shipped();
    record('clinic', { type: 'receipt', occurredAt: later(1), transfer: 'evt_2', goods: insulin(58) });
    record('clinic', { type: 'use', occurredAt: later(2), goods: insulin(8), beneficiaries: 8 });
    const t = record('clinic', log(200));
    expect(t.custody).toMatchObject([{ quarantined: 50 }]);
    expect(quarantinedAt(ledger, 'clinic')).toBe(50);
  });

  it('a write-off takes quarantined units first and ends their quarantine', () => {
    const { ledger, record } = shipped();
    record('clinic', log(90));
    record('clinic', { type: 'receipt', occurredAt: later(6), transfer: 'evt_2', goods: insulin(60) });
    const w = record('clinic', {
      type: 'write_off',
      occurredAt: later(7),
      goods: insulin(60),
      reason: 'damaged',
    });
    expect(w.flows.reduce((s, f) => s + f.amount, 0)).toBe(60);
    expect(quarantinedAt(ledger, 'clinic')).toBe(0);
    expect(
      refusal(() =>
        record('clinic', { type: 'write_off', occurredAt: later(7), goods: insulin(1), reason: 'damaged' }),
      ).type,
    ).toBe('insufficient-holdings');
  });

  it('a lot kept at its holder is quarantined by its own record, and a correction lifts it', () => {
    const { ledger, record } = shipped();
    const t = record('charity', {
      type: 'temperature_log',
      occurredAt: later(3),
      lot: 'L1',
      item: 'insulin-glargine',
      min: 3,
      max: 14,
      outsideMinutes: 120,
      range: [2, 8],
    });
    expect(t.custody).toMatchObject([{ shipment: null, holder: 'charity', quarantined: 40 }]);
    expect(freeAt(ledger, 'charity')).toBe(0);
    record('charity', {
      type: 'correction',
      occurredAt: later(4),
      corrects: t.event.id,
      reason: 'logger was in the office',
      reverse: true,
    });
    expect(freeAt(ledger, 'charity')).toBe(40);
    expect(quarantinedAt(ledger, 'charity')).toBe(0);
  });

  it('refuses what does not fit the shipment or the catalogue', () => {
    const { record } = shipped();
    const cases: Array<[string, EventBody, string]> = [
      ['hospital', log(10), 'forbidden'],
      ['clinic', log(10, { range: [0, 8] }), 'validation'],
      ['clinic', log(10, { shipment: 'evt_1' }), 'unknown-reference'],
      [
        'charity',
        {
          type: 'custody_handover',
          occurredAt: later(1),
          shipment: 'evt_2',
          from: 'warehouse',
          to: 'hospital',
          at: later(1),
        },
        'forbidden',
      ],
      [
        'charity',
        {
          type: 'custody_handover',
          occurredAt: later(1),
          shipment: 'evt_2',
          from: 'charity',
          to: 'nobody',
          at: later(1),
        },
        'unknown-reference',
      ],
      [
        'charity',
        {
          type: 'custody_handover',
          occurredAt: at,
          shipment: 'evt_2',
          from: 'charity',
          to: 'warehouse',
          at: '2025-12-31T00:00:00Z',
        },
        'validation',
      ],
      [
        'clinic',
        { type: 'lot_release', occurredAt: later(1), item: 'insulin-glargine', lot: 'L1', reason: 'x' },
        'conflict',
      ],
      [
        'charity',
        {
          type: 'temperature_log',
          occurredAt: later(1),
          lot: 'L9',
          item: 'insulin-glargine',
          min: 3,
          max: 4,
          outsideMinutes: 0,
          range: [2, 8],
        },
        'conflict',
      ],
    ];
    for (const [by, body, type] of cases)
      expect(refusal(() => record(by, body)).type, JSON.stringify(body)).toBe(type);
    record('clinic', { type: 'receipt', occurredAt: later(6), transfer: 'evt_2', goods: insulin(60) });
    expect(
      refusal(() =>
        record('clinic', {
          type: 'custody_handover',
          occurredAt: later(7),
          shipment: 'evt_2',
          from: 'warehouse',
          to: 'clinic',
          at: later(7),
        }),
      ).type,
    ).toBe('conflict');
  });
});

describe('custodyChain', () => {
  const h = (id: string, from: string, to: string, hour: number, seq: number) => ({
    id,
    from,
    to,
    at: later(hour),
    place: null,
    seq,
  });
  const ship = { sender: 'charity', receiver: 'clinic' };

  it('is continuous when each handover starts where the last ended and ends at the receiver', () => {
    const chain = custodyChain(
      ship,
      [h('evt_5', 'warehouse', 'clinic', 2, 5), h('evt_4', 'charity', 'warehouse', 1, 4)],
      'evt_6',
    );
    expect(chain.continuous).toBe(true);
    expect(chain.links.map((l) => l.id)).toEqual(['evt_4', 'evt_5']);
    expect(chain.holder).toBe('clinic');
  });

  it('names the missing handover before the receipt, and a break in the middle', () => {
    const chain = custodyChain(
      ship,
      [h('evt_4', 'charity', 'warehouse', 1, 4), h('evt_5', 'hospital', 'depot', 2, 5)],
      'evt_6',
    );
    expect(chain.gaps).toEqual([
      { from: 'warehouse', to: 'hospital', after: 'evt_4', before: 'evt_5' },
      { from: 'depot', to: 'clinic', after: 'evt_5', before: 'evt_6' },
    ]);
  });

  it('a shipment with no handovers went straight to its receiver', () => {
    expect(custodyChain(ship, [], 'evt_6')).toMatchObject({ continuous: true, holder: 'clinic' });
    expect(custodyChain(ship, [], null)).toMatchObject({ continuous: true, holder: 'charity' });
  });
});
