import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../api/domain/events.ts';
import { projectionDigest, rebuildProjections } from '../../api/store/rebuild.ts';
import { coldChainWorld, hour, vaccine } from '../support/cold-chain.ts';
import { at, testApp, type CastId } from '../support/test-app.ts';

const holders: CastId[] = ['charity', 'wuhan-depot', 'xishui-county-hospital', 'xishui-clinic'];

const rows = async (t: Awaited<ReturnType<typeof testApp>>, sql: string) =>
  (await t.database.client.execute(sql)).rows;

describe('rebuild reproduces custody', () => {
  it('recreates handovers, temperature records, releases, quarantined lots and flagged uses', async () => {
    const t = await testApp();
    await coldChainWorld(t);
    expect(await rows(t, 'SELECT id FROM custody_handovers')).toHaveLength(3);
    expect(await rows(t, 'SELECT quarantined FROM temperature_logs')).toEqual([
      expect.objectContaining({ quarantined: 200 }),
    ]);
    expect(
      await rows(t, "SELECT count(*) AS n FROM flows WHERE excursion IS NOT NULL AND kind = 'used'"),
    ).toEqual([expect.objectContaining({ n: 1 })]);
    const before = await projectionDigest(t.database);
    await rebuildProjections(t.database, t.catalog);
    expect(await projectionDigest(t.database)).toBe(before);
  });

  it('for random cold-chain workloads, recorded one by one or in batches', async () => {
    let quarantines = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(11), fc.nat(3), fc.nat(3), fc.integer({ min: 1, max: 300 })), {
          minLength: 10,
          maxLength: 50,
        }),
        fc.boolean(),
        async (steps, batched) => {
          const t = await testApp();
          await t.record('charity', {
            type: 'donation',
            occurredAt: at,
            donor: 'acme-pharma',
            recipient: 'charity',
            goods: vaccine(2_000),
          });
          const shipments: Array<{ id: string; from: CastId; to: CastId; n: number }> = [];
          const done: Array<{ id: string; by: CastId }> = [];
          const submissions: Array<{ recordedBy: CastId; body: EventBody }> = [];
          const flush = async () => {
            const results = batched
              ? await t.writer.recordBatch(submissions)
              : await Promise.all(submissions.map(async (s) => (await t.writer.recordBatch([s]))[0]!));
            results.forEach((r, i) => {
              const s = submissions[i]!;
              if (!r.ok) return;
              done.push({ id: r.answer.id, by: s.recordedBy });
              if (s.body.type === 'transfer')
                shipments.push({
                  id: r.answer.id,
                  from: s.recordedBy,
                  to: s.body.to as CastId,
                  n: s.body.goods!.quantity,
                });
            });
            submissions.length = 0;
          };
          for (const [kind, a, b, n] of steps) {
            const by = holders[a]!;
            const s = shipments.length ? shipments[n % shipments.length]! : null;
            let recordedBy: CastId = by;
            let body: EventBody;
            if (kind < 3) {
              // Mostly from the charity, which holds the vaccine; sometimes onward.
              recordedBy = kind < 2 ? 'charity' : by;
              body = { type: 'transfer', occurredAt: at, to: holders[b]!, goods: vaccine(n) };
            } else if (kind < 5 && s && holders[b] !== s.from) {
              recordedBy = s.from;
              body = {
                type: 'custody_handover',
                occurredAt: hour(1),
                shipment: s.id,
                from: s.from,
                to: holders[b]!,
                at: hour(1),
              };
            } else if (kind < 7 && s) {
              recordedBy = n % 2 ? s.to : s.from;
              body = {
                type: 'temperature_log',
                occurredAt: hour(2),
                shipment: s.id,
                min: 1,
                max: 12,
                outsideMinutes: n,
                range: [2, 8],
              };
            } else if (kind < 8 && s) {
              recordedBy = s.to;
              body = {
                type: 'receipt',
                occurredAt: hour(3),
                transfer: s.id,
                goods: vaccine(Math.max(1, s.n - (n % 3))),
              };
            } else if (kind < 9)
              body = {
                type: 'lot_release',
                occurredAt: hour(4),
                item: 'hepatitis-b-vaccine',
                lot: 'HB2026A',
                reason: 'stable',
              };
            else if (kind < 10)
              body = {
                type: 'use',
                occurredAt: hour(5),
                goods: { item: 'hepatitis-b-vaccine', quantity: 1 + (n % 40) },
                beneficiaries: 7,
              };
            else if (kind < 11)
              body = {
                type: 'write_off',
                occurredAt: hour(5),
                goods: { item: 'hepatitis-b-vaccine', quantity: 1 + (n % 30) },
                reason: 'damaged',
              };
            else if (done.length) {
              const target = done[n % done.length]!;
              recordedBy = target.by;
              body = {
                type: 'correction',
                occurredAt: hour(6),
                corrects: target.id,
                reason: 'audit',
                reverse: true,
              };
            } else continue;
            submissions.push({ recordedBy, body });
            // Batches of a few events, so later steps can name the shipments of earlier ones.
            if (!batched || submissions.length >= 6) await flush();
          }
          await flush();
          quarantines += Number(
            (await rows(t, 'SELECT count(*) AS n FROM lots WHERE quarantine IS NOT NULL'))[0]!.n,
          );
          const before = await projectionDigest(t.database);
          await rebuildProjections(t.database, t.catalog, () => {}, 3);
          expect(await projectionDigest(t.database)).toBe(before);
        },
      ),
      // A fixed seed: whether a quarantine happens must not depend on the draw.
      { numRuns: 10, seed: 20261202 },
    );
    expect(quarantines).toBeGreaterThan(0);
  });

  it('leaves no empty coverage cell when a receipt at a facility is undone in a later batch', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: vaccine(20),
    });
    const s = await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'xishui-county-hospital',
      goods: vaccine(1),
    });
    const r = await t.record('xishui-county-hospital', {
      type: 'receipt',
      occurredAt: hour(3),
      transfer: s.id,
      goods: vaccine(1),
    });
    expect(await rows(t, 'SELECT * FROM coverage_cells')).not.toEqual([]);
    await t.record('xishui-county-hospital', {
      type: 'correction',
      occurredAt: hour(6),
      corrects: r.id,
      reason: 'audit',
      reverse: true,
    });
    expect(await rows(t, 'SELECT * FROM coverage_cells')).toEqual([]);
    const before = await projectionDigest(t.database);
    await rebuildProjections(t.database, t.catalog);
    expect(await projectionDigest(t.database)).toBe(before);
  });
});
