import { checkGiftLeaf, commitmentOf } from '../../api/contract/privacy.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../api/domain/events.ts';
import {
  leafHash,
  verifyInclusion,
  openCheckpoint,
  verifierKeyFor,
  decodeBase64,
} from '../../api/domain/merkle/index.ts';
import { sha256 } from '../../api/store/log-store.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { at, cny, testApp, testSigningKey, type CastId } from '../support/test-app.ts';

type Fate = {
  state: string;
  holder: string;
  amount?: number;
  quantity?: number;
  asset: unknown;
  disease: string | null;
};
const sumOf = (fate: Fate[]) => fate.reduce((s, p) => s + (p.amount ?? p.quantity ?? 0), 0);

async function batch(t: Awaited<ReturnType<typeof testApp>>, items: Array<[CastId, EventBody]>) {
  const results = await t.writer.recordBatch(items.map(([recordedBy, body]) => ({ recordedBy, body })));
  for (const r of results) if (!r.ok) throw r.problem;
  return results.map((r) => (r as { answer: { id: string; receiptCode?: string } }).answer);
}

describe('GET /api/v1/donations/{receiptCode}', () => {
  it('follows one gift of a 1,000-gift pool through a purchase and seven hops to its uses, parts summing exactly', async () => {
    const t = await testApp();
    const gifts = await batch(
      t,
      Array.from({ length: 1_000 }, (_, i): [CastId, EventBody] => [
        'charity',
        {
          type: 'donation',
          occurredAt: at,
          anonymous: true,
          donorKind: 'individual',
          recipient: 'charity',
          money: cny(1_000 + (i % 7) * 37),
        },
      ]),
    );
    const pooled = gifts.length;
    expect(pooled).toBe(1_000);
    // Chain: charity → Red Cross → depot (buys insulin) → city hospital → county hospital → clinic → back to county → clinic again.
    const hops: Array<[CastId, CastId, EventBody['type']]> = [];
    const send = async (from: CastId, to: CastId, asset: object) => {
      const [s] = await batch(t, [[from, { type: 'transfer', occurredAt: at, to, ...asset } as EventBody]]);
      await batch(t, [[to, { type: 'receipt', occurredAt: at, transfer: s!.id, ...asset } as EventBody]]);
      hops.push([from, to, 'transfer']);
    };
    await send('charity', 'redcross-hubei', { money: cny(600_000) });
    await send('redcross-hubei', 'wuhan-depot', { money: cny(500_000) });
    await batch(t, [
      [
        'wuhan-depot',
        {
          type: 'purchase',
          occurredAt: at,
          supplier: 'supplier',
          money: cny(480_000),
          goods: { item: 'insulin-glargine', quantity: 7, lot: 'L2026A', expiresOn: '2027-06-30' },
        },
      ],
    ]);
    const insulin = { goods: { item: 'insulin-glargine', quantity: 7 } };
    await send('wuhan-depot', 'huanggang-hospital', insulin);
    await send('huanggang-hospital', 'xishui-county-hospital', insulin);
    await send('xishui-county-hospital', 'xishui-clinic', {
      goods: { item: 'insulin-glargine', quantity: 5 },
    });
    await send('xishui-clinic', 'xishui-county-hospital', {
      goods: { item: 'insulin-glargine', quantity: 1 },
    });
    await send('xishui-county-hospital', 'xishui-clinic', {
      goods: { item: 'insulin-glargine', quantity: 1 },
    });
    await batch(t, [
      [
        'xishui-clinic',
        {
          type: 'use',
          occurredAt: at,
          goods: { item: 'insulin-glargine', quantity: 4 },
          disease: 'E11',
          beneficiaries: 3,
        },
      ],
    ]);

    let hopsSeen = 0;
    for (const g of [gifts[0]!, gifts[450]!, gifts[999]!]) {
      const res = await t.get(`/api/v1/donations/${g.receiptCode}`);
      expect(res.status).toBe(200);
      const d = await res.json();
      expect(sumOf(d.fate)).toBe(d.gift.money.amount);
      expect(d.donor).toEqual({ anonymous: true, kind: 'individual' });
      hopsSeen = Math.max(
        hopsSeen,
        d.trail.edges.filter((e: { kind: string }) => e.kind === 'transferred').length,
      );
      if (g === gifts[0]) {
        // The oldest gift went first (FIFO) all the way down and was partly used for diabetes.
        expect(
          d.fate.some((p: Fate) => p.state === 'used' && p.holder === 'xishui-clinic' && p.disease === 'E11'),
        ).toBe(true);
        expect(d.uses[0].beneficiaries).toBe('<5');
        expect(
          d.fate.every((p: Fate) =>
            p.state === 'used' ? JSON.stringify(p.asset).includes('insulin-glargine') : true,
          ),
        ).toBe(true);
      }
      if (g === gifts[999])
        expect(d.fate).toEqual([
          expect.objectContaining({ state: 'held', holder: 'charity', amount: d.gift.money.amount }),
        ]);
    }
    expect(hopsSeen).toBeGreaterThanOrEqual(6);
    expect(hops.length).toBe(7);
  });

  it('fate parts always sum to the gift through random splits, shortfalls and uses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (amounts, moves) => {
          const t = await testApp();
          const gifts = await batch(
            t,
            amounts.map((a): [CastId, EventBody] => [
              'charity',
              { type: 'donation', occurredAt: at, donor: 'acme-pharma', recipient: 'charity', money: cny(a) },
            ]),
          );
          let held = amounts.reduce((a, b) => a + b, 0);
          for (const [pct, keep] of moves) {
            const amount = Math.max(1, Math.floor((held * pct) / 100));
            const [s] = await batch(t, [
              ['charity', { type: 'transfer', occurredAt: at, to: 'redcross-hubei', money: cny(amount) }],
            ]);
            const got = Math.floor((amount * keep) / 100);
            if (got > 0)
              await batch(t, [
                ['redcross-hubei', { type: 'receipt', occurredAt: at, transfer: s!.id, money: cny(got) }],
              ]);
            held -= amount;
            if (held <= 0) break;
          }
          for (const g of gifts) {
            const d = await (await t.get(`/api/v1/donations/${g.receiptCode}`)).json();
            expect(sumOf(d.fate)).toBe(d.gift.money.amount);
            const totals = d.totals as Record<string, number>;
            expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(d.gift.money.amount);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('shows a reversed gift with an empty fate and its correction', async () => {
    const t = await testApp();
    const g = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(5_000),
    });
    await t.record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: g.id,
      reason: 'recorded twice',
      reverse: true,
    });
    const d = await (await t.get(`/api/v1/donations/${g.receiptCode}`)).json();
    expect(d.status).toBe('reversed');
    expect(d.fate).toEqual([]);
    expect(d.corrections).toEqual([expect.objectContaining({ reason: 'recorded twice' })]);
  });

  it('carries a leaf, a signed checkpoint and an inclusion proof that verify without the server', async () => {
    const t = await testApp();
    const g = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(5_000),
    });
    for (let i = 0; i < 5; i++)
      await t.record('charity', {
        type: 'donation',
        occurredAt: at,
        donor: 'acme-pharma',
        recipient: 'charity',
        money: cny(100 + i),
      });
    const d = await (await t.get(`/api/v1/donations/${g.receiptCode}`)).json();
    const cp = openCheckpoint(d.log.checkpoint, verifierKeyFor(testSigningKey));
    expect(cp.size).toBe(6);
    const leaf = leafHash(sha256, new TextEncoder().encode(d.log.leaf));
    const proof = d.log.inclusionProof.map((p: string) => decodeBase64(p)!);
    expect(verifyInclusion(sha256, leaf, d.log.leafIndex, cp.size, proof, cp.rootHash)).toBe(true);
    const logged = JSON.parse(d.log.leaf);
    expect(logged).toMatchObject({ v: 2, id: g.id, event: { type: 'donation' } });
    // The code is not in the leaf: the leaf commits to it, and only its presenter sees the salt.
    expect(d.log.leaf).not.toContain(g.receiptCode);
    expect(d.private.withheld).toEqual({ '/receiptCode': g.receiptCode });
    expect(logged.private).toBe(commitmentOf(d.private));
    expect(
      checkGiftLeaf(d.log.leaf, { id: g.id, receiptCode: g.receiptCode, private: d.private }),
    ).toBeNull();
  });

  it('forgives case and spaces in the code, and refuses malformed (422) and unknown (404) codes', async () => {
    const t = await testApp();
    const g = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(5_000),
    });
    const sloppy = g.receiptCode!.toLowerCase().replace(/-/g, ' ');
    expect((await t.get(`/api/v1/donations/${encodeURIComponent(sloppy)}`)).status).toBe(200);
    const bad = await t.get('/api/v1/donations/hello');
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('problem+json');
    const unknown = await t.get('/api/v1/donations/AT-0000-0000-0000');
    expect(unknown.status).toBe(404);
  });

  it('keeps a pledge apart: it has a receipt code but nothing received', async () => {
    const t = await testApp();
    const p = await t.record('charity', {
      type: 'pledge',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(1_000_000),
    });
    const d = await (await t.get(`/api/v1/donations/${p.receiptCode}`)).json();
    expect(d.kind).toBe('pledge');
    expect(d.fate).toEqual([]);
    const org = await (await t.get('/api/v1/organizations/charity')).json();
    expect(org.holdings).toEqual([]);
  });

  it('keeps a donor registered as anonymous anonymous even when the gift names them', async () => {
    const t = await testApp();
    await createOrganization(
      t.database.db,
      { id: 'quiet-donor', name: '王静', kind: 'individual', region: '110105', anonymous: true },
      t.clock(),
      t.catalog.hasRegion,
    );
    const gift = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'quiet-donor',
      recipient: 'charity',
      money: cny(300),
    });
    const res = await t.get(`/api/v1/donations/${gift.receiptCode}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).donor).toEqual({ anonymous: true, kind: 'individual' });
    expect(text).not.toContain('王静');
    // The pseudonymous id appears only inside the signed log entry, never as a node or edge of the trail.
    const d = JSON.parse(text);
    expect(JSON.stringify(d.trail)).not.toContain('quiet-donor');
    expect((await t.get('/api/v1/organizations/quiet-donor')).status).toBe(404);
  });

  it('records a named donor under the kind of its organization', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(300),
    });
    const row = await t.database.client.execute(
      "SELECT donor_kind FROM donations WHERE donor = 'acme-pharma'",
    );
    expect(row.rows[0]!.donor_kind).toBe('company');
  });
});
