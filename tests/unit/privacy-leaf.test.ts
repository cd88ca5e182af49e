/**
 * The public leaf of log format 2 and its commitment: what a leaf withholds, that the event
 * comes back whole from its leaf and private part, and that the commitment binds every
 * withheld value and the salt.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commitmentOf,
  commits,
  encodeLeaf,
  joinEvent,
  splitEvent,
  type PartyLookup,
  type PrivatePart,
} from '../../api/contract/privacy.ts';
import { EventBody, type RecordedEvent } from '../../api/domain/events.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';

const salt = privateSalts(new Uint8Array(32).fill(3));
const hidden = new Set(['quiet-co', 'quiet-clinic']);
const party: PartyLookup = (id) => ({
  anonymous: hidden.has(id),
  kind: id.endsWith('clinic') ? 'village_clinic' : 'company',
});
const at = '2026-02-10T08:00:00+08:00';

const recorded = (body: EventBody, recordedBy: string, receiptCode?: string): RecordedEvent => ({
  id: 'evt_7',
  seq: 7,
  recordedBy,
  recordedAt: '2026-02-10T00:00:01Z',
  body,
  ...(receiptCode ? { receiptCode } : {}),
});

describe('the public leaf', () => {
  it('withholds the receipt code, counts below 5, private notes and anonymous parties, behind a commitment', () => {
    const e = recorded(
      {
        type: 'correction',
        occurredAt: at,
        corrects: 'evt_3',
        reason: 'counted twice',
        replacement: {
          type: 'use',
          occurredAt: at,
          money: { currency: 'CNY', amount: 500 },
          beneficiaries: 2,
          note: '两位患者',
        },
      },
      'quiet-clinic',
    );
    const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
    expect(leaf).toEqual({
      v: 2,
      id: 'evt_7',
      seq: 7,
      recordedBy: { anonymous: true, kind: 'village_clinic' },
      recordedAt: e.recordedAt,
      event: {
        type: 'correction',
        occurredAt: at,
        corrects: 'evt_3',
        reason: 'counted twice',
        replacement: {
          type: 'use',
          occurredAt: at,
          money: { currency: 'CNY', amount: 500 },
          beneficiaries: '<5',
        },
      },
      private: commitmentOf(privatePart!),
    });
    expect(privatePart!.withheld).toEqual({
      '/recordedBy': 'quiet-clinic',
      '/event/replacement/beneficiaries': 2,
      '/event/replacement/note': '两位患者',
    });
    expect(joinEvent(leaf, privatePart)).toEqual(e);
  });

  it('keeps a note its recorder marked public, counts from 5 and named parties; commits to nothing when nothing is withheld', () => {
    const e = recorded(
      {
        type: 'transfer',
        occurredAt: at,
        to: 'clinic',
        money: { currency: 'CNY', amount: 1 },
        note: 'cold chain',
        notePublic: true,
      },
      'charity',
    );
    const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
    expect(privatePart).toBeNull();
    expect(leaf.private).toBeUndefined();
    expect(leaf.event).toEqual(e.body);
    expect(commits(leaf, null)).toBe(true);
  });

  it('shows a donor registered anonymous by kind only, and a gift without its receipt code', () => {
    const e = recorded(
      {
        type: 'donation',
        occurredAt: at,
        donor: 'quiet-co',
        recipient: 'charity',
        money: { currency: 'CNY', amount: 9 },
      },
      'charity',
      'AT-7K3M-9QXF-2B4D',
    );
    const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
    const bytes = encodeLeaf(leaf);
    expect(bytes).not.toContain('quiet-co');
    expect(bytes).not.toContain('7K3M');
    expect(leaf.event.donor).toEqual({ anonymous: true, kind: 'company' });
    expect(privatePart!.withheld).toEqual({
      '/receiptCode': 'AT-7K3M-9QXF-2B4D',
      '/event/donor': 'quiet-co',
    });
  });

  it('shows a carrier, a reserve and its authority registered anonymous by kind only', () => {
    const bodies: Array<[EventBody, string]> = [
      [
        { type: 'custody_handover', occurredAt: at, shipment: 'evt_3', from: 'quiet-co', to: 'clinic', at },
        '/event/from',
      ],
      [
        {
          type: 'dispatch_request',
          occurredAt: at,
          reserve: 'quiet-co',
          facility: 'clinic',
          item: 'n95-respirator',
          quantity: 10,
          urgency: '24h',
          reason: 'peak',
        },
        '/event/reserve',
      ],
      [
        {
          type: 'reserve_plan',
          occurredAt: at,
          region: '420000',
          item: 'n95-respirator',
          target: 100,
          min: 10,
          basis: '30d_peak',
          validFrom: '2026-01-01',
          authority: 'quiet-co',
          approvalThreshold: 50,
          rotationDays: 90,
        },
        '/event/authority',
      ],
    ];
    for (const [body, path] of bodies) {
      const e = recorded(EventBody.parse(body), 'clinic');
      const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
      expect(encodeLeaf(leaf)).not.toContain('quiet-co');
      expect(privatePart!.withheld[path]).toBe('quiet-co');
      expect(joinEvent(leaf, privatePart).body).toEqual(e.body);
    }
  });
});

const orgId = fc.constantFrom('charity', 'clinic', 'quiet-co', 'quiet-clinic');
const note = fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined });
const count = fc.integer({ min: 0, max: 40 });
const body: fc.Arbitrary<EventBody> = fc.oneof(
  fc.record({ count, note, pub: fc.boolean() }).map(({ count, note, pub }) =>
    EventBody.parse({
      type: 'use',
      occurredAt: at,
      money: { currency: 'CNY', amount: 100 },
      beneficiaries: count,
      ...(note ? { note, ...(pub ? { notePublic: true } : {}) } : {}),
    }),
  ),
  fc.record({ donor: orgId, note }).map(({ donor, note }) =>
    EventBody.parse({
      type: 'donation',
      occurredAt: at,
      donor,
      recipient: 'charity-x',
      money: { currency: 'CNY', amount: 100 },
      ...(note ? { note } : {}),
    }),
  ),
  fc.record({ count: fc.option(count, { nil: undefined }), facility: orgId }).map(({ count, facility }) =>
    EventBody.parse({
      type: 'need',
      occurredAt: at,
      facility,
      item: 'insulin-glargine',
      quantity: 5,
      urgency: '72h',
      importance: 'life',
      ...(count === undefined ? {} : { beneficiaries: count }),
    }),
  ),
);
const event = fc
  .record({ body, by: orgId, code: fc.boolean() })
  .map(({ body, by, code }) =>
    recorded(body, by, body.type === 'donation' && code ? 'AT-0000-1111-2222' : undefined),
  );

/** Every way of changing one withheld value or the salt. */
const tampered = (p: PrivatePart): PrivatePart[] => [
  { ...p, salt: `${p.salt.slice(0, -1)}${p.salt.endsWith('0') ? '1' : '0'}` },
  ...Object.entries(p.withheld).map(([k, v]) => ({
    ...p,
    withheld: { ...p.withheld, [k]: typeof v === 'number' ? v + 1 : `${v}x` },
  })),
  ...Object.keys(p.withheld).map((k) => {
    const { [k]: _, ...rest } = p.withheld;
    return { ...p, withheld: rest };
  }),
];

describe('commitments (property)', () => {
  it('split then join gives the event back; the commitment holds, and any change to a withheld value or the salt breaks it', () => {
    fc.assert(
      fc.property(event, (e) => {
        const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
        const published = encodeLeaf(leaf);
        expect(joinEvent(leaf, privatePart)).toEqual(e);
        // Joining copies what it fills in: the leaf itself is never changed.
        expect(encodeLeaf(leaf)).toBe(published);
        expect(commits(leaf, privatePart)).toBe(true);
        const bytes = encodeLeaf(leaf);
        expect(bytes).not.toMatch(/"beneficiaries":[0-4][,}]/);
        for (const id of hidden) expect(bytes).not.toContain(`"${id}"`);
        if (e.receiptCode) expect(bytes).not.toContain(e.receiptCode);
        if (privatePart) for (const other of tampered(privatePart)) expect(commits(leaf, other)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
