import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seqOf, type EventBody } from '../../api/domain/events.ts';
import { keptLoaderLimit } from '../../api/store/ledger-loader.ts';
import { logFormatProblem, projectionDigest, rebuildProjections } from '../../api/store/rebuild.ts';
import { privateWorld } from '../support/private-world.ts';
import { at, cny, testApp, type CastId } from '../support/test-app.ts';

const holders: CastId[] = [
  'charity',
  'redcross-hubei',
  'wuhan-depot',
  'huanggang-hospital',
  'xishui-county-hospital',
  'xishui-clinic',
];

describe('aidtrail rebuild', () => {
  it('recreates every projection byte for byte from the log alone', async () => {
    let accepted = 0;
    let submitted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(22), fc.nat(5), fc.nat(5), fc.integer({ min: 1, max: 900 })), {
          minLength: 20,
          maxLength: 80,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 8, keptLoaderLimit),
        async (steps, pageSize, keepLimit) => {
          const t = await testApp();
          const pending: Array<{ id: string; to: CastId; amount: number; goods: boolean }> = [];
          const done: Array<{ id: string; by: CastId }> = [];
          const submissions: Array<{ recordedBy: CastId; body: EventBody }> = [];
          for (const [kind, a, b, n] of steps) {
            const goods = n % 2 === 0;
            const asset = goods
              ? {
                  goods: {
                    item: 'amoxicillin-capsules',
                    quantity: n,
                    lot: `L${n % 3}`,
                    expiresOn: '2027-01-01',
                  },
                }
              : { money: cny(n * 10) };
            const by = holders[a]!;
            let body: EventBody;
            if (kind < 6)
              body = {
                type: 'donation',
                occurredAt: at,
                donor: 'acme-pharma',
                recipient: 'charity',
                ...asset,
                restriction: n % 5 === 0 ? { region: '421100' } : undefined,
              };
            else if (kind < 11)
              body = {
                type: 'transfer',
                occurredAt: at,
                to: holders[b]!,
                ...(goods
                  ? { goods: { item: 'amoxicillin-capsules', quantity: Math.ceil(n / 4) } }
                  : { money: cny(n * 3) }),
              };
            else if (kind < 14 && pending.length) {
              const p = pending.shift()!;
              body = {
                type: 'receipt',
                occurredAt: at,
                transfer: p.id,
                ...(p.goods
                  ? { goods: { item: 'amoxicillin-capsules', quantity: Math.max(1, p.amount - (n % 3)) } }
                  : { money: cny(p.amount) }),
              };
              submissions.push({ recordedBy: p.to, body });
              continue;
            } else if (kind < 16)
              body = {
                type: 'use',
                occurredAt: at,
                ...(goods
                  ? { goods: { item: 'amoxicillin-capsules', quantity: 1 + (n % 5) } }
                  : { money: cny(n) }),
                disease: 'J18',
                beneficiaries: n % 9,
              };
            else if (kind < 17)
              body = {
                type: 'purchase',
                occurredAt: at,
                supplier: 'supplier',
                money: cny(n),
                goods: { item: 'n95-respirator', quantity: 1 + (n % 13) },
              };
            else if (kind < 18) body = { type: 'write_off', occurredAt: at, ...asset, reason: 'expired' };
            else if (kind > 20)
              body = {
                type: 'opening_balance',
                occurredAt: at,
                asOf: '2026-02-01',
                source: 'stock sheet',
                ...asset,
              };
            else if (done.length) {
              const target = done[n % done.length]!;
              submissions.push({
                recordedBy: target.by,
                body: {
                  type: 'correction',
                  occurredAt: at,
                  corrects: target.id,
                  reason: 'audit',
                  reverse: true,
                },
              });
              continue;
            } else continue;
            submissions.push({ recordedBy: kind < 6 ? 'charity' : by, body });
          }
          // One by one, as the API would, so each refusal is independent.
          for (const s of submissions) {
            const [r] = await t.writer.recordBatch([s]);
            if (!r!.ok) continue;
            done.push({ id: r!.answer.id, by: s.recordedBy as CastId });
            if (s.body.type === 'transfer')
              pending.push({
                id: r!.answer.id,
                to: s.body.to as CastId,
                amount: s.body.money?.amount ?? s.body.goods!.quantity,
                goods: !!s.body.goods,
              });
          }
          accepted += done.length;
          submitted += submissions.length;
          const before = await projectionDigest(t.database);
          // Replayed a page at a time, each page reading back what the pages before it wrote
          // (its working set kept, started afresh past a bound, or afresh for every page);
          // the digest, read a few rows at a time, is the digest read whole.
          await rebuildProjections(t.database, t.catalog, () => {}, pageSize, keepLimit);
          expect(await projectionDigest(t.database, 1 + (pageSize % 7))).toBe(before);
          // And the write path continues from the rebuilt state.
          const next = await t.post('charity', {
            type: 'donation',
            occurredAt: at,
            donor: 'donor-li',
            recipient: 'charity',
            money: cny(1),
          });
          expect(next.status).toBe(201);
        },
      ),
      { numRuns: 8 },
    );
    // Guards the workload: a property over mostly refused events would prove little.
    expect(accepted).toBeGreaterThan(submitted / 3);
  });

  it('detects a changed projection', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(100),
    });
    const before = await projectionDigest(t.database);
    await t.database.client.execute('UPDATE lots SET amount = amount + 1');
    expect(await projectionDigest(t.database)).not.toBe(before);
    await rebuildProjections(t.database, t.catalog);
    expect(await projectionDigest(t.database)).toBe(before);
  });

  it("keeps a transfer's breach flag when its receipt is written in the same batch", async () => {
    const t = await testApp();
    const [gift] = await t.writer.recordBatch([
      {
        recordedBy: 'charity',
        body: {
          type: 'donation',
          occurredAt: at,
          donor: 'donor-li',
          recipient: 'charity',
          money: cny(500),
          restriction: { region: '421100' },
        },
      },
    ]);
    expect(gift!.ok).toBe(true);
    const transferId = `evt_${Number(gift!.ok && gift!.answer.id.slice(4)) + 1}`;
    const results = await t.writer.recordBatch([
      {
        recordedBy: 'charity',
        body: { type: 'transfer', occurredAt: at, to: 'yichang-clinic', money: cny(300) },
      },
      {
        recordedBy: 'yichang-clinic',
        body: { type: 'receipt', occurredAt: at, transfer: transferId, money: cny(300) },
      },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const row = await t.database.client.execute({
      sql: 'SELECT breach FROM event_state WHERE seq = ?',
      args: [seqOf(transferId)],
    });
    expect(Number(row.rows[0]!.breach)).toBe(1);
    const before = await projectionDigest(t.database);
    await rebuildProjections(t.database, t.catalog);
    expect(await projectionDigest(t.database)).toBe(before);
  });

  it('rebuilds from public leaves joined with their private parts: exact counts, hidden donors and facilities, consent, complaints', async () => {
    const t = await privateWorld();
    const before = await projectionDigest(t.database);
    const needs = await t.database.client.execute('SELECT beneficiaries FROM needs ORDER BY seq');
    const complaints = await t.database.client.execute('SELECT * FROM complaints ORDER BY seq');
    expect(complaints.rows.length).toBeGreaterThan(3);
    await rebuildProjections(t.database, t.catalog);
    expect(await projectionDigest(t.database)).toBe(before);
    // Complaints come back whole: summaries from the private parts, answers, says, moderation.
    expect((await t.database.client.execute('SELECT * FROM complaints ORDER BY seq')).rows).toEqual(
      complaints.rows,
    );
    // The exact small counts come back from the private parts, not the "<5" of the leaves.
    expect((await t.database.client.execute('SELECT beneficiaries FROM needs ORDER BY seq')).rows).toEqual(
      needs.rows,
    );
    expect(needs.rows.map((r) => r.beneficiaries)).toContain(4);
  });

  it('refuses a private part that does not match its leaf, and a ledger of the older log format', async () => {
    const t = await privateWorld();
    await t.database.client.execute(
      `UPDATE event_private SET withheld = replace(withheld, ':3', ':2') WHERE withheld LIKE '%beneficiaries":3%'`,
    );
    await expect(rebuildProjections(t.database, t.catalog)).rejects.toThrow(/does not match the commitment/);
    expect(await logFormatProblem(t.database.client)).toBeNull();
    const old = await testApp();
    await old.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(5),
    });
    await old.database.client.execute(`UPDATE events SET leaf = replace(leaf, ',"v":2}', '}') WHERE seq = 1`);
    expect(await logFormatProblem(old.database.client)).toMatch(/older log format.*init --demo/);
    await expect(rebuildProjections(old.database, old.catalog)).rejects.toThrow(/older log format/);
  });
});
