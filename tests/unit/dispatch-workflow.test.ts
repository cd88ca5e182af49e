/**
 * The dispatch workflow of a reserve as scenario tables: one line per event with its expected
 * outcome, each step out of order refused beside the same step in order. Property tests check
 * that a reserve's stock never goes below zero whatever is asked of it, and that settlements
 * always equal the goods signed for at the plan's agreed price.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../api/domain/events.ts';
import { Problem } from '../../api/domain/problems.ts';
import { goodsAsset } from '../../api/domain/lots.ts';
import { at, cny, smallLedger } from '../support/small-world.ts';

type Step = [by: string, body: EventBody, expected: 'created' | `refused:${string}`];

function world() {
  const w = smallLedger();
  w.ledger.organizations.set('health-hb', {
    id: 'health-hb',
    name: 'Hubei Health Commission',
    kind: 'government',
    region: '420000',
    anonymous: false,
  });
  return w;
}

function run(steps: Step[], w = world()) {
  const problems: Problem[] = [];
  steps.forEach(([by, body, expected], i) => {
    let got: string;
    try {
      w.record(by, body);
      got = 'created';
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      problems.push(e);
      got = `refused:${e.type}`;
    }
    expect(got, `step ${i + 1} (${body.type}) ${problems.at(-1)?.detail ?? ''}`).toBe(expected);
  });
  return { ...w, problems };
}

const stock = (quantity = 1_000): EventBody => ({
  type: 'donation',
  occurredAt: at,
  donor: 'donor-b',
  recipient: 'warehouse',
  goods: { item: 'n95-respirator', quantity, lot: 'N1', expiresOn: '2027-06-30' },
});
const plan = (extra: Partial<Extract<EventBody, { type: 'reserve_plan' }>> = {}): EventBody => ({
  type: 'reserve_plan',
  occurredAt: at,
  region: '420000',
  item: 'n95-respirator',
  target: 1_000,
  min: 400,
  basis: '30d_peak',
  validFrom: '2026-01-01',
  authority: 'health-hb',
  approvalThreshold: 100,
  rotationDays: 90,
  price: cny(300),
  ...extra,
});
const request = (quantity: number, facility = 'hospital'): EventBody => ({
  type: 'dispatch_request',
  occurredAt: at,
  reserve: 'warehouse',
  facility,
  item: 'n95-respirator',
  quantity,
  urgency: '24h',
  reason: 'fever clinic surge',
});
const reviewOf = (
  req: string,
  reviewer: string,
  decision: 'approved' | 'partly' | 'refused',
  quantity?: number,
): EventBody => ({
  type: 'dispatch_review',
  occurredAt: at,
  request: req,
  reviewer,
  decision,
  ...(quantity === undefined ? {} : { quantity }),
  reason: decision === 'refused' ? 'stock held for the county outbreak' : 'checked against the plan',
});
const dispatch = (req: string, quantity: number, to = 'hospital'): EventBody => ({
  type: 'transfer',
  occurredAt: at,
  to,
  goods: { item: 'n95-respirator', quantity },
  request: req,
});
const signFor = (transfer: string, quantity: number): EventBody => ({
  type: 'receipt',
  occurredAt: at,
  transfer,
  goods: { item: 'n95-respirator', quantity },
});
const settlement = (transfer: string, amount: number): EventBody => ({
  type: 'settlement',
  occurredAt: at,
  dispatch: transfer,
  money: cny(amount),
});

describe('dispatch workflow', () => {
  it('goes from request to settlement in order, and refuses each step out of order', () => {
    const { ledger, problems } = run([
      ['warehouse', stock(), 'created'], // evt_1
      ['hospital', request(50), 'refused:validation'], // no plan yet
      ['warehouse', plan(), 'created'], // evt_2
      ['hospital', request(50), 'created'], // evt_3
      ['warehouse', dispatch('evt_3', 50), 'refused:out-of-order'], // before its review
      ['hospital', settlement('evt_3', 15_000), 'refused:validation'], // names a request, not its dispatch
      ['hospital', settlement('evt_99', 15_000), 'refused:unknown-reference'],
      ['hospital', reviewOf('evt_3', 'handler-1', 'approved'), 'refused:forbidden'], // not the authority
      ['health-hb', reviewOf('evt_3', 'handler-1', 'approved'), 'created'], // evt_4
      ['health-hb', reviewOf('evt_3', 'handler-2', 'approved'), 'refused:out-of-order'], // already decided
      ['clinic', dispatch('evt_3', 50), 'refused:forbidden'], // only the reserve dispatches
      ['warehouse', dispatch('evt_3', 51), 'refused:validation'], // more than approved
      ['warehouse', dispatch('evt_3', 50, 'clinic'), 'refused:validation'], // not the requester
      ['warehouse', dispatch('evt_3', 50), 'created'], // evt_5
      ['warehouse', dispatch('evt_3', 50), 'refused:out-of-order'], // dispatched once
      ['hospital', settlement('evt_5', 15_000), 'refused:out-of-order'], // before the receipt
      ['clinic', signFor('evt_5', 48), 'refused:forbidden'], // only the facility signs
      ['hospital', signFor('evt_5', 48), 'created'], // evt_6: 2 short on arrival
      ['hospital', settlement('evt_5', 15_000), 'refused:validation'], // 50 × 300, but 48 signed for
      ['clinic', settlement('evt_5', 14_400), 'refused:forbidden'],
      ['hospital', settlement('evt_5', 14_400), 'created'], // evt_7
      ['warehouse', settlement('evt_5', 14_400), 'refused:out-of-order'], // settled once
    ]);
    const d = ledger.dispatchRequest('evt_3')!;
    expect(d).toMatchObject({
      status: 'settled',
      approvedQuantity: 50,
      dispatch: 'evt_5',
      dispatchedQuantity: 50,
      receipt: 'evt_6',
      receivedQuantity: 48,
      settlement: 'evt_7',
      settledAmount: 14_400,
      waived: false,
    });
    const order = problems.find((p) => p.type === 'out-of-order')!;
    expect(order.status).toBe(409);
    expect(order.title).toBe('dispatch out of order');
    expect(order.detail).toContain('is awaiting its review');
    expect(order.extra).toMatchObject({ step: 'dispatch', status: 'awaiting_review' });
    expect(
      ledger.book.heldLots('warehouse', goodsAsset('n95-respirator')).reduce((s, l) => s + l.amount, 0),
    ).toBe(950);
  });

  it('needs two distinct reviewers to approve more than the plan threshold', () => {
    const { ledger } = run([
      ['warehouse', stock(), 'created'], // evt_1
      ['warehouse', plan({ approvalThreshold: 100 }), 'created'], // evt_2
      ['health-hb', request(300, 'clinic'), 'created'], // evt_3: the authority asks for its clinic
      ['health-hb', reviewOf('evt_3', 'handler-1', 'approved'), 'created'], // evt_4
      ['warehouse', dispatch('evt_3', 300, 'clinic'), 'refused:out-of-order'], // one reviewer is not enough
      ['health-hb', reviewOf('evt_3', 'handler-1', 'approved'), 'refused:out-of-order'], // same person twice
      ['health-hb', reviewOf('evt_3', 'handler-2', 'partly', 200), 'refused:validation'], // must confirm 300
      ['health-hb', reviewOf('evt_3', 'handler-2', 'approved'), 'created'], // evt_5
      ['warehouse', dispatch('evt_3', 300, 'clinic'), 'created'],
    ]);
    const d = ledger.dispatchRequest('evt_3')!;
    expect(d.reviews.map((r) => r.reviewer)).toEqual(['handler-1', 'handler-2']);
    expect(d.status).toBe('dispatched');
  });

  it('approves part of a request, and refuses with a reason that nothing may follow', () => {
    const { ledger } = run([
      ['warehouse', stock(), 'created'],
      ['warehouse', plan(), 'created'],
      ['hospital', request(80), 'created'], // evt_3
      ['health-hb', reviewOf('evt_3', 'handler-1', 'partly'), 'refused:validation'], // partly needs a quantity
      ['health-hb', reviewOf('evt_3', 'handler-1', 'partly', 80), 'refused:validation'], // that is all of it
      ['health-hb', reviewOf('evt_3', 'handler-1', 'partly', 30), 'created'],
      ['warehouse', dispatch('evt_3', 31), 'refused:validation'],
      ['warehouse', dispatch('evt_3', 30), 'created'],
      ['hospital', request(500), 'created'], // evt_6
      ['health-hb', reviewOf('evt_6', 'handler-1', 'refused', 10), 'refused:validation'],
      ['health-hb', reviewOf('evt_6', 'handler-1', 'refused'), 'created'],
      ['warehouse', dispatch('evt_6', 500), 'refused:out-of-order'],
      ['health-hb', reviewOf('evt_6', 'handler-2', 'approved'), 'refused:out-of-order'],
    ]);
    expect(ledger.dispatchRequest('evt_6')).toMatchObject({
      status: 'refused',
      refusalReason: 'stock held for the county outbreak',
    });
  });

  it('checks who may file plans and requests, and that settlements need an agreed price or a waiver', () => {
    run([
      ['hospital', plan(), 'refused:forbidden'], // a hospital holds no reserve
      ['warehouse', plan({ authority: 'nobody' }), 'refused:unknown-reference'],
      ['warehouse', plan({ price: undefined }), 'created'], // evt_1
      ['warehouse', stock(), 'created'], // evt_2
      ['clinic', request(5, 'hospital'), 'refused:forbidden'], // a clinic may not ask on a hospital's behalf
      ['clinic-yc', request(5, 'clinic-yc'), 'created'], // evt_3: Yichang is inside Hubei's plan
      ['health-hb', reviewOf('evt_3', 'h1', 'approved'), 'created'],
      ['warehouse', dispatch('evt_3', 5, 'clinic-yc'), 'created'], // evt_5
      ['clinic-yc', signFor('evt_5', 5), 'created'], // evt_6
      ['clinic-yc', settlement('evt_5', 1_500), 'refused:validation'], // no agreed price
      [
        'warehouse',
        { type: 'settlement', occurredAt: at, dispatch: 'evt_5', waived: true, reason: 'emergency aid' },
        'created',
      ],
    ]);
  });

  it('lets no step of a dispatch be corrected', () => {
    run([
      ['warehouse', stock(), 'created'],
      ['warehouse', plan(), 'created'], // evt_2
      ['hospital', request(10), 'created'], // evt_3
      ['health-hb', reviewOf('evt_3', 'h1', 'approved'), 'created'], // evt_4
      ['warehouse', dispatch('evt_3', 10), 'created'], // evt_5
      [
        'warehouse',
        { type: 'correction', occurredAt: at, corrects: 'evt_5', reason: 'x', reverse: true },
        'refused:validation',
      ],
      [
        'hospital',
        { type: 'correction', occurredAt: at, corrects: 'evt_3', reason: 'x', reverse: true },
        'refused:validation',
      ],
      [
        'warehouse',
        { type: 'correction', occurredAt: at, corrects: 'evt_2', reason: 'x', reverse: true },
        'refused:validation',
      ],
    ]);
  });
});

describe('dispatch workflow properties', () => {
  type Cmd =
    | { kind: 'stock'; quantity: number }
    | { kind: 'request'; quantity: number; facility: number }
    | { kind: 'review'; pick: number; reviewer: number; decision: number; part: number }
    | { kind: 'dispatch'; pick: number; part: number }
    | { kind: 'sign'; pick: number; short: number }
    | { kind: 'settle'; pick: number; off: number }
    | { kind: 'rotate'; quantity: number }
    | { kind: 'expire'; quantity: number };
  const cmd: fc.Arbitrary<Cmd> = fc.oneof(
    fc.record({ kind: fc.constant('stock' as const), quantity: fc.integer({ min: 1, max: 400 }) }),
    fc.record({
      kind: fc.constant('request' as const),
      quantity: fc.integer({ min: 1, max: 500 }),
      facility: fc.nat(2),
    }),
    fc.record({
      kind: fc.constant('review' as const),
      pick: fc.nat(),
      reviewer: fc.nat(2),
      decision: fc.nat(2),
      part: fc.integer({ min: 1, max: 100 }),
    }),
    fc.record({
      kind: fc.constant('dispatch' as const),
      pick: fc.nat(),
      part: fc.integer({ min: 1, max: 100 }),
    }),
    fc.record({ kind: fc.constant('sign' as const), pick: fc.nat(), short: fc.nat(3) }),
    fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), off: fc.integer({ min: -1, max: 1 }) }),
    fc.record({ kind: fc.constant('rotate' as const), quantity: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ kind: fc.constant('expire' as const), quantity: fc.integer({ min: 1, max: 200 }) }),
  );
  const facilities = ['hospital', 'clinic', 'clinic-yc'];
  const price = 300;

  it("never takes a reserve's stock below zero, and settles exactly the goods signed for at the agreed price", () => {
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 5, maxLength: 60 }), (cmds) => {
        const w = world();
        w.record('warehouse', plan({ approvalThreshold: 150, price: cny(price) }));
        const requests: string[] = [];
        const shipments: string[] = [];
        let expected = 0; // the reserve's stock by a plain running balance
        let seq = 1;
        const attempt = (by: string, body: EventBody) => {
          try {
            w.record(by, body);
            seq += 1;
            return `evt_${seq}`;
          } catch (e) {
            if (!(e instanceof Problem)) throw e;
            return null;
          }
        };
        for (const c of cmds) {
          if (c.kind === 'stock') {
            if (attempt('warehouse', stock(c.quantity))) expected += c.quantity;
          } else if (c.kind === 'request') {
            const facility = facilities[c.facility]!;
            const id = attempt(facility, request(c.quantity, facility));
            if (id) requests.push(id);
          } else if (c.kind === 'review' && requests.length) {
            const req = requests[c.pick % requests.length]!;
            const d = w.ledger.dispatchRequest(req)!;
            const decision = (['approved', 'partly', 'refused'] as const)[c.decision]!;
            const q =
              decision === 'partly' ? Math.max(1, Math.floor((d.quantity * c.part) / 101)) : undefined;
            attempt('health-hb', reviewOf(req, `h${c.reviewer}`, decision, q));
          } else if (c.kind === 'dispatch' && requests.length) {
            const d = w.ledger.dispatchRequest(requests[c.pick % requests.length]!)!;
            const q = Math.max(1, Math.ceil(((d.approvedQuantity ?? d.quantity) * c.part) / 100));
            const id = attempt('warehouse', dispatch(d.id, q, d.facility));
            if (id) {
              expected -= q;
              shipments.push(id);
            }
          } else if (c.kind === 'sign' && shipments.length) {
            const t = shipments[c.pick % shipments.length]!;
            const d = [...w.ledger.dispatches.values()].find((r) => r.dispatch === t)!;
            attempt(d.facility, signFor(t, Math.max(1, d.dispatchedQuantity! - c.short)));
          } else if (c.kind === 'settle' && shipments.length) {
            const t = shipments[c.pick % shipments.length]!;
            const d = [...w.ledger.dispatches.values()].find((r) => r.dispatch === t)!;
            const amount = ((d.receivedQuantity ?? d.dispatchedQuantity!) + c.off) * price;
            if (amount > 0) attempt(d.facility, settlement(t, amount));
          } else if (c.kind === 'rotate') {
            const body: EventBody = {
              type: 'transfer',
              occurredAt: at,
              to: 'clinic',
              goods: { item: 'n95-respirator', quantity: c.quantity },
            };
            if (attempt('warehouse', body)) expected -= c.quantity;
          } else if (c.kind === 'expire') {
            const body: EventBody = {
              type: 'write_off',
              occurredAt: at,
              goods: { item: 'n95-respirator', quantity: c.quantity },
              reason: 'expired',
            };
            if (attempt('warehouse', body)) expected -= c.quantity;
          }
          const after = w.ledger.book.heldLots('warehouse', goodsAsset('n95-respirator'));
          for (const l of after) expect(l.amount).toBeGreaterThanOrEqual(0);
          const total = after.reduce((s, l) => s + l.amount, 0);
          expect(total).toBe(expected);
          expect(total).toBeGreaterThanOrEqual(0);
        }
        for (const d of w.ledger.dispatches.values()) {
          if (d.status !== 'settled' || d.waived) continue;
          expect(d.settledAmount).toBe(d.receivedQuantity! * price);
          expect(d.receivedQuantity!).toBeLessThanOrEqual(d.dispatchedQuantity!);
          expect(d.dispatchedQuantity!).toBeLessThanOrEqual(d.approvedQuantity!);
          if (d.approvedQuantity! > 150)
            expect(new Set(d.reviews.map((r) => r.reviewer)).size).toBeGreaterThanOrEqual(2);
        }
      }),
      { numRuns: 150 },
    );
  });
});
