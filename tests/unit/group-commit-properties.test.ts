/**
 * A group commit is only a faster way of recording the same events one by one: for any
 * sequence of gifts, transfers, uses, write-offs (overdrafts among them) and idempotency keys
 * (repeated, reused with other bodies), recording them concurrently in groups gives every
 * caller the same answer, the log the same leaves and the projections the same digest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../api/domain/events.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { memoryDatabase } from '../../api/store/database.ts';
import { LedgerWriter, type Submission } from '../../api/store/ledger-writer.ts';
import { projectionDigest } from '../../api/store/rebuild.ts';
import { at, cast, cny, testCatalog, testLogSecrets } from '../support/test-app.ts';

const keys = [undefined, undefined, 'k1', 'k2', 'k3'] as const;

const submission = fc
  .record({
    kind: fc.constantFrom('gift', 'named-gift', 'transfer', 'use', 'write_off', 'purchase', 'use-goods'),
    amount: fc.integer({ min: 1, max: 400 }),
    key: fc.constantFrom(...keys),
  })
  .map(({ kind, amount, key }): Submission => {
    const money = cny(amount);
    const bodies: Record<typeof kind, unknown> = {
      gift: {
        type: 'donation',
        occurredAt: at,
        anonymous: true,
        donorKind: 'individual',
        recipient: 'charity',
        money,
      },
      'named-gift': { type: 'donation', occurredAt: at, donor: 'donor-li', recipient: 'charity', money },
      transfer: { type: 'transfer', occurredAt: at, to: 'redcross-hubei', money },
      use: { type: 'use', occurredAt: at, money, beneficiaries: amount % 9 },
      write_off: { type: 'write_off', occurredAt: at, money, reason: 'lost' },
      // Pooled gifts become one lot of goods shared by every gift it was bought with.
      purchase: {
        type: 'purchase',
        occurredAt: at,
        supplier: 'supplier',
        money,
        goods: { item: 'n95-respirator', quantity: 1 + (amount % 7) },
      },
      'use-goods': {
        type: 'use',
        occurredAt: at,
        goods: { item: 'n95-respirator', quantity: 1 + (amount % 3) },
        beneficiaries: 0,
      },
    };
    return {
      recordedBy: 'charity',
      body: bodies[kind] as EventBody,
      ...(key ? { idempotencyKey: key } : {}),
    };
  });

async function freshWriter(groupLimit: number) {
  const database = await memoryDatabase();
  const catalog = await testCatalog();
  const now = new Date('2026-03-01T00:00:00Z');
  for (const o of cast) await createOrganization(database.db, o, now, catalog.hasRegion);
  const writer = () =>
    new LedgerWriter({
      database,
      catalog,
      clock: () => now,
      ...testLogSecrets(),
      groupLimit,
    });
  /** A writer that has kept nothing in memory, as in a process that has just started. */
  return { database, writer: writer(), restart: writer };
}

const settledAs = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled'
    ? { ok: r.value }
    : { refused: (r.reason as { type?: string }).type ?? String(r.reason) };

const leaves = async (database: Awaited<ReturnType<typeof memoryDatabase>>) =>
  (await database.client.execute('SELECT leaf FROM events ORDER BY seq')).rows.map((r) => String(r.leaf));

describe('group commit', () => {
  it('equals recording the same submissions one by one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(submission, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (submissions, groupLimit) => {
          const grouped = await freshWriter(groupLimit);
          const together = (await Promise.allSettled(submissions.map((s) => grouped.writer.record(s)))).map(
            settledAs,
          );
          const single = await freshWriter(1);
          const oneByOne = [];
          for (const s of submissions)
            oneByOne.push(settledAs((await Promise.allSettled([single.writer.record(s)]))[0]!));
          // And as another process would, reading everything back from the database each time.
          const cold = await freshWriter(1);
          const fromStore = [];
          for (const s of submissions)
            fromStore.push(settledAs((await Promise.allSettled([cold.restart().record(s)]))[0]!));
          expect(together).toEqual(oneByOne);
          expect(fromStore).toEqual(oneByOne);
          expect(await leaves(grouped.database)).toEqual(await leaves(single.database));
          expect(await leaves(cold.database)).toEqual(await leaves(single.database));
          const digest = await projectionDigest(single.database);
          expect(await projectionDigest(grouped.database)).toBe(digest);
          expect(await projectionDigest(cold.database)).toBe(digest);
          for (const w of [grouped, single, cold]) w.database.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
