/**
 * The demo dataset is a function of its seed: generated twice with the same seed (and the
 * same signing key) into fresh databases, it gives the same log root and the same projections;
 * another seed gives another log.
 */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../api/cli/commands/demo.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { privateSaltsFor, receiptCodesFor, type Context } from '../../api/cli/context.ts';
import { memoryDatabase } from '../../api/store/database.ts';
import { latestCheckpoint } from '../../api/store/log-store.ts';
import { projectionDigest } from '../../api/store/rebuild.ts';
import { testCatalog, testSigningKey } from '../support/test-app.ts';

async function demoContext(): Promise<Context> {
  return {
    config: configFromEnv({}),
    database: await memoryDatabase(),
    catalog: await testCatalog(),
    signingKey: testSigningKey,
    receiptCodes: receiptCodesFor(testSigningKey),
    privateSalts: privateSaltsFor(testSigningKey),
    clock: () => new Date(),
  };
}

async function generated(events: number, seed: string) {
  const ctx = await demoContext();
  const result = await generateDemo(ctx, { events, seed });
  const checkpoint = await latestCheckpoint(ctx.database.db);
  const digest = await projectionDigest(ctx.database);
  ctx.database.close();
  return { result, root: Buffer.from(checkpoint!.rootHash).toString('hex'), size: checkpoint!.size, digest };
}

describe('demo dataset determinism', () => {
  it('gives the same log root and projections for the same seed, and another root for another seed', async () => {
    const a = await generated(3_000, 'determinism');
    const b = await generated(3_000, 'determinism');
    const c = await generated(3_000, 'another seed');
    expect(a.size).toBe(3_000);
    expect(b.root).toBe(a.root);
    expect(b.digest).toBe(a.digest);
    expect(b.result.stats).toEqual(a.result.stats);
    expect(c.size).toBe(3_000);
    expect(c.root).not.toBe(a.root);
  });

  it('refuses a ledger that already holds events', async () => {
    const ctx = await demoContext();
    await generateDemo(ctx, { events: 200, seed: 'twice' });
    await expect(generateDemo(ctx, { events: 200, seed: 'twice' })).rejects.toThrow(
      /already holds 200 events/,
    );
    ctx.database.close();
  });
});
