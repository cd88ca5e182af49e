import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchDelivery,
  priorityOf,
  settle,
  responseBucket,
  responseBucketEdgesMinutes,
  type NeedRecord,
  type Urgency,
  type Importance,
} from '../../api/domain/needs.ts';

const need = (id: string, extra: Partial<NeedRecord> = {}): NeedRecord => ({
  id,
  seq: Number(id.slice(4)),
  facility: 'f',
  region: '421125',
  recordedBy: 'f',
  item: 'insulin-glargine',
  category: 'medicine',
  quantity: 10,
  quantityStated: true,
  reportedBy: null,
  source: null,
  disease: null,
  targetGroup: null,
  urgency: '1w',
  importance: 'function',
  priority: 3,
  appeal: null,
  beneficiaries: null,
  reportedAt: '2026-01-01T00:00:00Z',
  status: 'open',
  closeReason: null,
  closedAt: null,
  asOf: null,
  allocations: [],
  ...extra,
});
const insulin = { id: 'insulin-glargine', category: 'medicine' };

describe('priority matrix', () => {
  it.each([
    ['immediate', 'life', 1],
    ['24h', 'function', 1],
    ['72h', 'quality', 2],
    ['immediate', 'quality', 2],
    ['1w', 'life', 3],
    ['1m', 'function', 3],
    ['1w', 'quality', 4],
    ['1m', 'quality', 4],
  ] as Array<[Urgency, Importance, number]>)('%s × %s → %i', (u, i, p) => expect(priorityOf(u, i)).toBe(p));
});

describe('matching deliveries to needs', () => {
  it('answers named needs first, then by priority, then oldest report', () => {
    const needs = [
      need('evt_1', { priority: 3, reportedAt: '2026-01-01T00:00:00Z' }),
      need('evt_2', { priority: 1, reportedAt: '2026-01-05T00:00:00Z' }),
      need('evt_3', { priority: 3, reportedAt: '2025-12-01T00:00:00Z' }),
      need('evt_4', { priority: 4 }),
    ];
    expect(matchDelivery(needs, insulin, 25, ['evt_4'])).toEqual({
      parts: [
        { need: 'evt_4', quantity: 10 },
        { need: 'evt_2', quantity: 10 },
        { need: 'evt_3', quantity: 5 },
      ],
      unmatched: 0,
    });
  });

  it('answers category needs with any item of the category, and never other items', () => {
    const needs = [
      need('evt_1', { item: null, category: 'medicine' }),
      need('evt_2', { item: 'n95-respirator', category: 'protective_equipment' }),
    ];
    expect(matchDelivery(needs, insulin, 30, [])).toEqual({
      parts: [{ need: 'evt_1', quantity: 10 }],
      unmatched: 20,
    });
  });

  it('never counts a delivery twice: parts plus remainder equal the delivery, and no need gets more than it lacks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 50 }),
            have: fc.integer({ min: 0, max: 60 }),
            priority: fc.integer({ min: 1, max: 4 }),
            open: fc.boolean(),
            cat: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 400 }),
        (specs, quantity) => {
          const needs = specs.map((s, i) =>
            need(`evt_${i + 1}`, {
              quantity: s.quantity,
              priority: s.priority as 1,
              status: s.open ? 'open' : 'closed',
              item: s.cat ? null : 'insulin-glargine',
              allocations: s.have
                ? [
                    {
                      seq: 999,
                      quantity: Math.min(s.have, s.quantity - 1 > 0 ? s.quantity - 1 : 0) || 0,
                      at: '2026-01-01T00:00:00Z',
                    },
                  ].filter((a) => a.quantity > 0)
                : [],
            }),
          );
          const { parts, unmatched } = matchDelivery(needs, insulin, quantity, []);
          expect(parts.reduce((s, p) => s + p.quantity, 0) + unmatched).toBe(quantity);
          for (const p of parts) {
            const n = needs.find((x) => x.id === p.need)!;
            expect(n.status).toBe('open');
            expect(p.quantity).toBeGreaterThan(0);
            expect(p.quantity).toBeLessThanOrEqual(
              n.quantity - n.allocations.reduce((s, a) => s + a.quantity, 0),
            );
          }
          expect(new Set(parts.map((p) => p.need)).size).toBe(parts.length);
          // Only when every open need is satisfied is anything left over.
          if (unmatched > 0)
            for (const n of needs.filter((x) => x.status === 'open')) {
              const got = parts.find((p) => p.need === n.id)?.quantity ?? 0;
              expect(n.allocations.reduce((s, a) => s + a.quantity, 0) + got).toBe(n.quantity);
            }
        },
      ),
    );
  });
});

describe('response-time buckets', () => {
  it('put every duration in the first bucket whose edge reaches it, edges growing by at most 25%', () => {
    expect(responseBucket(0)).toBe(0);
    expect(responseBucket(15)).toBe(0);
    expect(responseBucket(16)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (m) => {
        const i = responseBucket(m);
        expect(responseBucketEdgesMinutes[i]!).toBeGreaterThanOrEqual(m);
        if (i > 0) expect(responseBucketEdgesMinutes[i - 1]!).toBeLessThan(m);
      }),
    );
    for (let i = 1; i < responseBucketEdgesMinutes.length - 1; i++)
      expect(responseBucketEdgesMinutes[i]! / responseBucketEdgesMinutes[i - 1]!).toBeLessThanOrEqual(1.3);
  });
});

describe('needs without a stated amount, and time', () => {
  it('take what stated needs leave, after them, and count as met once anything arrives', () => {
    const open = [
      need('evt_1', { quantity: 0, quantityStated: false, priority: 1 }),
      need('evt_2', { quantity: 4 }),
    ];
    expect(matchDelivery(open, insulin, 10, [])).toEqual({
      parts: [
        { need: 'evt_2', quantity: 4 },
        { need: 'evt_1', quantity: 6 },
      ],
      unmatched: 0,
    });
    expect(settle(need('evt_1', { quantity: 0, quantityStated: false })).status).toBe('open');
    expect(
      settle(
        need('evt_1', {
          quantity: 0,
          quantityStated: false,
          allocations: [{ seq: 9, quantity: 1, at: '2026-01-02T00:00:00Z' }],
        }),
      ).status,
    ).toBe('met');
  });

  it('answer only needs reported before the delivery arrived', () => {
    const open = [
      need('evt_1', { reportedAt: '2026-01-05T00:00:00Z' }),
      need('evt_2', { reportedAt: '2026-01-01T00:00:00Z' }),
    ];
    expect(matchDelivery(open, insulin, 30, [], '2026-01-03T00:00:00Z')).toEqual({
      parts: [{ need: 'evt_2', quantity: 10 }],
      unmatched: 20,
    });
  });

  it('never answer a need reported after the delivery arrived, even one the shipment names (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ hour: fc.integer({ min: 0, max: 240 }), named: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 240 }),
        fc.integer({ min: 1, max: 200 }),
        (specs, arrivedHour, quantity) => {
          const iso = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString();
          const open = specs.map((s, i) => need(`evt_${i + 1}`, { reportedAt: iso(s.hour) }));
          const named = open.filter((_, i) => specs[i]!.named).map((n) => n.id);
          const { parts } = matchDelivery(open, insulin, quantity, named, iso(arrivedHour));
          for (const p of parts)
            expect(Date.parse(open.find((n) => n.id === p.need)!.reportedAt)).toBeLessThanOrEqual(
              Date.parse(iso(arrivedHour)),
            );
          // Every need reported in time still gets its share before anything is left over.
          const inTime = open.filter((n) => Date.parse(n.reportedAt) <= Date.parse(iso(arrivedHour)));
          expect(parts.reduce((s, p) => s + p.quantity, 0)).toBe(Math.min(quantity, inTime.length * 10));
        },
      ),
    );
  });

  it('never split a delivery into more or less than it was (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            q: fc.integer({ min: 0, max: 50 }),
            stated: fc.boolean(),
            day: fc.integer({ min: 1, max: 9 }),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 9 }),
        (specs, quantity, day) => {
          const open = specs.map((s, i) =>
            need(`evt_${i + 1}`, {
              quantity: s.stated ? Math.max(1, s.q) : 0,
              quantityStated: s.stated,
              reportedAt: `2026-01-0${s.day}T00:00:00Z`,
            }),
          );
          const { parts, unmatched } = matchDelivery(
            open,
            insulin,
            quantity,
            [],
            `2026-01-0${day}T00:00:00Z`,
          );
          expect(parts.reduce((s, p) => s + p.quantity, 0) + unmatched).toBe(quantity);
          for (const p of parts) {
            const n = open.find((o) => o.id === p.need)!;
            expect(n.reportedAt <= `2026-01-0${day}T00:00:00Z`).toBe(true);
            if (n.quantityStated) expect(p.quantity).toBeLessThanOrEqual(n.quantity);
          }
        },
      ),
    );
  });
});
