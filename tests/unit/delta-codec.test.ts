/** The stored encoding of lot deltas gives back exactly the deltas written, whatever their text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LotDelta } from '../../api/domain/lots.ts';
import { decodeDeltas, encodeDeltas } from '../../api/store/delta-codec.ts';

// Plain ids and codes, and text a maker or an importer may put in a batch code.
const word = fc.oneof(
  fc.constantFrom('', '=', 'charity', 'money:CNY', 'goods:insulin-glargine', 'evt_12', '12', 'a,b', 'x;y|z'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const maybe = fc.option(word, { nil: null });
const key = fc.oneof(
  fc.nat(500).map((n) => `evt_${n}`),
  word,
);
const attrs = fc.record({
  holder: word,
  asset: word,
  lotCode: word,
  expiresOn: maybe,
  restriction: fc.option(
    fc.record({ region: word, disease: word, appeal: word }, { requiredKeys: ['region'] }),
    { nil: null },
  ),
  state: fc.constantFrom('held', 'in_transit'),
  transfer: maybe,
  acquiredSeq: fc.nat(100_000),
});
const custodyMark = fc.option(
  word.filter((w) => w !== ''),
  { nil: undefined },
);
const withCustody = fc.tuple(attrs, custodyMark, custodyMark).map(([a, quarantine, excursion]) => ({
  ...a,
  ...(quarantine ? { quarantine } : {}),
  ...(excursion ? { excursion } : {}),
}));
const deltas = fc.array(withCustody, { minLength: 1, maxLength: 4 }).chain((pool) =>
  fc.array(
    fc.record({
      lotId: fc.nat(10_000),
      attrs: fc.constantFrom(...pool),
      amount: fc.integer({ min: -1e9, max: 1e9 }),
      shares: fc.array(fc.tuple(key, fc.integer({ min: -1e9, max: 1e9 })), { maxLength: 4 }),
    }),
    { maxLength: 6 },
  ),
) as fc.Arbitrary<LotDelta[]>;

describe('delta codec', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(deltas, (d) => {
        expect(decodeDeltas(encodeDeltas(d))).toEqual(d);
      }),
      { numRuns: 2_000 },
    );
  });

  it("writes a lot's only share, when it is the whole delta, as its key alone", () => {
    const held = {
      holder: 'henan-red-cross',
      asset: 'money:CNY',
      lotCode: '',
      expiresOn: null,
      restriction: null,
      state: 'held' as const,
      transfer: null,
      acquiredSeq: 123,
    };
    const d: LotDelta[] = [
      { lotId: 18, amount: -20000, attrs: held, shares: [['evt_123', -20000]] },
      { lotId: 31, amount: -141800, attrs: { ...held, acquiredSeq: 137 }, shares: [['evt_137', -141800]] },
    ];
    expect(encodeDeltas(d)).toBe(
      'henan-red-cross,money:CNY,held,123;=,=,=,137|18,-20000,0,123;31,-141800,1,137',
    );
    expect(encodeDeltas([])).toBe('');
  });

  it('still reads the JSON encoding of rows written before it', () => {
    const json =
      '{"a":[["henan-red-cross","money:CNY","",null,null,null,null,"held",null,123],["city-hospital-411300","money:CNY","",null,null,"D66",null,"in_transit","evt_150",150,"evt_9",null]],"d":[[18,-20000,0,123,-20000],[44,20000,1,123,20000,"pool",5]]}';
    const d = decodeDeltas(json);
    expect(d[1]).toEqual({
      lotId: 44,
      amount: 20000,
      attrs: {
        holder: 'city-hospital-411300',
        asset: 'money:CNY',
        lotCode: '',
        expiresOn: null,
        restriction: { disease: 'D66' },
        state: 'in_transit',
        transfer: 'evt_150',
        acquiredSeq: 150,
        quarantine: 'evt_9',
      },
      shares: [
        ['evt_123', 20000],
        ['pool', 5],
      ],
    });
    expect(decodeDeltas(encodeDeltas(d))).toEqual(d);
    expect(decodeDeltas('{"a":[],"d":[]}')).toEqual([]);
  });
});
